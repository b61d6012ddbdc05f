package io.sluice.streaming.internal;

import io.sluice.streaming.internal.wal.HdfsWriteAheadLog;
import io.sluice.streaming.internal.wal.WalSettings;
import io.sluice.streaming.internal.wal.WriteAheadLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Opens the write-ahead logs of one streaming context, all under its checkpoint folder. */
final class Wals {
  private final Configuration conf;
  private final Path checkpointDir;
  private final WalSettings settings;
  private final Clock clock;

  Wals(Configuration conf, Path checkpointDir, BatchClock batchClock) {
    this.conf = conf;
    this.checkpointDir = checkpointDir;
    this.settings = WalSettings.from(conf);
    this.clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(batchClock.nowMillis());
      }
    };
  }

  WriteAheadLog open(String name) throws IOException {
    return new HdfsWriteAheadLog(new Path(checkpointDir, name), conf, settings, clock);
  }
}
