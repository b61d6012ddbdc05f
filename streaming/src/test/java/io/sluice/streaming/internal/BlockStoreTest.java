package io.sluice.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory budget of received blocks: who gets it, who is read back from the WAL. */
@Timeout(30)
class BlockStoreTest {
  @TempDir java.nio.file.Path tmp;
  private final ManualBatchClock clock = new ManualBatchClock(1_000_000);
  private Wals wals;
  private BlockStore store;

  private BlockStore open(boolean wal, long budget) throws IOException {
    wals = wal ? new Wals(new Configuration(), new Path(tmp.toUri().toString()), clock) : null;
    store = new BlockStore(wals, budget, clock);
    return store;
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    if (wals != null) {
      wals.close();
    }
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) seed);
    return b;
  }

  @Test
  void newBlocksEvictBlocksOfBatchesThatRanInsteadOfGoingToTheWalAlone() throws IOException {
    BlockStore store = open(true, 100);
    BlockInfo first = store.store(0, "b1", bytes(60, 1), 1, null);
    store.processed(List.of(first), true);
    assertThat(store.bytesInMemory()).isEqualTo(60);

    BlockInfo second = store.store(0, "b2", bytes(60, 2), 1, null);

    assertThat(store.bytesInMemory()).isEqualTo(60);
    assertThat(store.read(second)).isEqualTo(bytes(60, 2));
    assertThat(store.readsFromWal()).isZero();
    assertThat(store.read(first)).isEqualTo(bytes(60, 1));
    assertThat(store.readsFromWal()).isEqualTo(1);
  }

  @Test
  void blocksOfBatchesStillToRunKeepTheirMemoryAndNewerOnesGoToTheWalAlone() throws IOException {
    BlockStore store = open(true, 100);
    BlockInfo first = store.store(0, "b1", bytes(60, 1), 1, null);
    BlockInfo second = store.store(0, "b2", bytes(60, 2), 1, null);

    assertThat(store.bytesInMemory()).isEqualTo(60);
    assertThat(store.read(first)).isEqualTo(bytes(60, 1));
    assertThat(store.readsFromMemory()).isEqualTo(1);
    assertThat(store.read(second)).isEqualTo(bytes(60, 2));
    assertThat(store.readsFromWal()).isEqualTo(1);
  }

  @Test
  void blocksNoLaterBatchReadsLeaveMemoryAsSoonAsTheirBatchRan() throws IOException {
    BlockStore store = open(true, 1000);
    BlockInfo first = store.store(0, "b1", bytes(60, 1), 1, null);
    BlockInfo second = store.store(0, "b2", bytes(70, 2), 1, null);

    store.processed(List.of(first, second), false);

    assertThat(store.bytesInMemory()).isZero();
    assertThat(store.read(second)).isEqualTo(bytes(70, 2));
    assertThat(store.readsFromWal()).isEqualTo(1);
    store.forget(List.of(first, second));
    assertThat(store.bytesInMemory()).isZero();
  }

  @Test
  void withoutAWalBlocksStayInMemoryWhateverTheBudgetUntilForgotten() throws IOException {
    BlockStore store = open(false, 100);
    BlockInfo first = store.store(0, "b1", bytes(60, 1), 1, null);
    BlockInfo second = store.store(0, "b2", bytes(60, 2), 1, null);
    store.processed(List.of(first, second), false);
    store.processed(List.of(first, second), true);

    assertThat(store.bytesInMemory()).isEqualTo(120);
    assertThat(store.read(first)).isEqualTo(bytes(60, 1));
    store.forget(List.of(first));
    assertThat(store.bytesInMemory()).isEqualTo(60);
    assertThatThrownBy(() -> store.read(first)).hasMessageContaining("write-ahead log is off");
  }

  @Test
  void forgettingAnEvictableBlockFreesItsMemoryOnce() throws IOException {
    BlockStore store = open(true, 100);
    BlockInfo first = store.store(0, "b1", bytes(60, 1), 1, null);
    store.processed(List.of(first), true);
    store.forget(List.of(first));
    assertThat(store.bytesInMemory()).isZero();

    store.store(0, "b2", bytes(100, 2), 1, null);
    assertThat(store.bytesInMemory()).isEqualTo(100);
  }
}
