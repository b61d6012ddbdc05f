package io.sluice.streaming.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoint files: one Avro container file per checkpoint, {@code checkpoint-<batchTime>.avro},
 * written to a temporary name and renamed, so a reader sees a whole file or none; the last N are
 * kept. The format is explicit and versioned (not Java serialization of the graph): the program
 * rebuilds its graph and each stateful operator restores its state from its own record.
 */
final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  static final int FORMAT_VERSION = 1;
  private static final String PREFIX = "checkpoint-";
  private static final String SUFFIX = ".avro";

  static final Schema NODE_SCHEMA = SchemaBuilder.record("NodeState").namespace("io.sluice.streaming")
      .fields()
      .requiredInt("id")
      .requiredString("name")
      .requiredString("kind")
      .requiredBytes("state")
      .endRecord();
  static final Schema MARK_SCHEMA = SchemaBuilder.record("SourceMark").namespace("io.sluice.streaming")
      .fields()
      .requiredInt("stream")
      .requiredString("mark")
      .endRecord();
  static final Schema SCHEMA = SchemaBuilder.record("Checkpoint").namespace("io.sluice.streaming")
      .doc("State of a Sluice streaming context after one batch")
      .fields()
      .requiredInt("formatVersion")
      .requiredLong("batchTime")
      .requiredLong("batchIntervalMs")
      .requiredString("graph")
      .name("nodes").type().array().items(NODE_SCHEMA).noDefault()
      .name("sourceMarks").type().array().items(MARK_SCHEMA).arrayDefault(List.of())
      .endRecord();

  /** One stateful node's saved state. */
  record NodeState(int id, String name, String kind, byte[] state) {}

  /** What a checkpoint holds. */
  record Checkpoint(long batchTime, long batchIntervalMs, String graph, List<NodeState> nodes,
      Map<Integer, Set<String>> sourceMarks) {}

  private final FileSystem fs;
  private final Path dir;
  private final int keep;

  Checkpoints(FileSystem fs, Path dir, int keep) {
    this.fs = fs;
    this.dir = dir;
    this.keep = keep;
  }

  void write(Checkpoint checkpoint) throws IOException {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("formatVersion", FORMAT_VERSION);
    record.put("batchTime", checkpoint.batchTime());
    record.put("batchIntervalMs", checkpoint.batchIntervalMs());
    record.put("graph", checkpoint.graph());
    List<GenericRecord> nodes = new ArrayList<>();
    for (NodeState node : checkpoint.nodes()) {
      GenericRecord n = new GenericData.Record(NODE_SCHEMA);
      n.put("id", node.id());
      n.put("name", node.name());
      n.put("kind", node.kind());
      n.put("state", ByteBuffer.wrap(node.state()));
      nodes.add(n);
    }
    record.put("nodes", nodes);
    List<GenericRecord> marks = new ArrayList<>();
    checkpoint.sourceMarks().forEach((stream, set) -> set.forEach(mark -> {
      GenericRecord m = new GenericData.Record(MARK_SCHEMA);
      m.put("stream", stream);
      m.put("mark", mark);
      marks.add(m);
    }));
    record.put("sourceMarks", marks);

    Path target = new Path(dir, PREFIX + checkpoint.batchTime() + SUFFIX);
    Path temp = new Path(dir, "_" + PREFIX + checkpoint.batchTime() + SUFFIX + ".tmp");
    try (OutputStream out = fs.create(temp, true);
        DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA))) {
      writer.create(SCHEMA, out);
      writer.append(record);
    }
    fs.delete(target, false);
    if (!fs.rename(temp, target)) {
      throw new IOException("could not rename checkpoint " + temp + " to " + target);
    }
    deleteOld();
  }

  private void deleteOld() throws IOException {
    List<Path> files = list();
    for (int i = 0; i < files.size() - keep; i++) {
      fs.delete(files.get(i), false);
    }
    for (FileStatus status : fs.listStatus(dir, p -> p.getName().startsWith("_" + PREFIX))) {
      fs.delete(status.getPath(), false);
    }
  }

  /** The newest readable checkpoint; unreadable ones (a crash mid-write) are skipped with a warning. */
  Optional<Checkpoint> latest() throws IOException {
    if (!fs.exists(dir)) {
      return Optional.empty();
    }
    List<Path> files = list();
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        return Optional.of(read(files.get(i)));
      } catch (IOException | RuntimeException e) {
        LOG.warn("Skipping unreadable checkpoint {}: {}", files.get(i), e.toString());
      }
    }
    return Optional.empty();
  }

  private Checkpoint read(Path file) throws IOException {
    try (InputStream in = fs.open(file);
        DataFileStream<GenericRecord> records = new DataFileStream<>(in, new GenericDatumReader<>())) {
      GenericRecord record = records.next();
      int version = (Integer) record.get("formatVersion");
      if (version > FORMAT_VERSION) {
        throw new IOException("checkpoint " + file + " has format " + version + "; this Sluice reads up to "
            + FORMAT_VERSION);
      }
      List<NodeState> nodes = new ArrayList<>();
      for (Object o : (List<?>) record.get("nodes")) {
        GenericRecord n = (GenericRecord) o;
        ByteBuffer state = (ByteBuffer) n.get("state");
        byte[] bytes = new byte[state.remaining()];
        state.get(bytes);
        nodes.add(new NodeState((Integer) n.get("id"), n.get("name").toString(), n.get("kind").toString(), bytes));
      }
      Map<Integer, Set<String>> marks = new HashMap<>();
      for (Object o : (List<?>) record.get("sourceMarks")) {
        GenericRecord m = (GenericRecord) o;
        marks.computeIfAbsent((Integer) m.get("stream"), s -> new HashSet<>()).add(m.get("mark").toString());
      }
      return new Checkpoint((Long) record.get("batchTime"), (Long) record.get("batchIntervalMs"),
          record.get("graph").toString(), nodes, marks);
    }
  }

  private List<Path> list() throws IOException {
    if (!fs.exists(dir)) {
      return List.of();
    }
    FileStatus[] statuses = fs.listStatus(dir,
        p -> p.getName().startsWith(PREFIX) && p.getName().endsWith(SUFFIX));
    return Arrays.stream(statuses).map(FileStatus::getPath)
        .sorted(Comparator.comparingLong(Checkpoints::timeOf))
        .toList();
  }

  private static long timeOf(Path path) {
    String name = path.getName();
    return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
  }
}
