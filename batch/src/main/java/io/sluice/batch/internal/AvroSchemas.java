package io.sluice.batch.internal;

import io.sluice.rdd.Pair;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro schemas derived from elements, for sinks given none: scalars map to Avro primitives, Avro
 * records keep their schema, a {@link Pair} becomes a record of its two fields (the value
 * nullable, since outer joins make null values). Anything else needs an explicit schema.
 */
public final class AvroSchemas {

  private AvroSchemas() {
  }

  public static Schema ofPair(Pair<?, ?> pair, String keyField, String valueField, String name) {
    Schema key = of(pair.key(), name + "_key");
    Schema value = pair.value() == null
        ? Schema.create(Schema.Type.STRING)
        : of(pair.value(), name + "_value");
    Schema nullableValue = Schema.createUnion(Schema.create(Schema.Type.NULL), value);
    return Schema.createRecord(name, null, "io.sluice.batch.derived", false, List.of(
        new Schema.Field(keyField, key),
        new Schema.Field(valueField, nullableValue, null, Schema.Field.NULL_DEFAULT_VALUE)));
  }

  public static Schema of(Object value, String name) {
    if (value instanceof String) {
      return Schema.create(Schema.Type.STRING);
    } else if (value instanceof Long) {
      return Schema.create(Schema.Type.LONG);
    } else if (value instanceof Integer) {
      return Schema.create(Schema.Type.INT);
    } else if (value instanceof Double) {
      return Schema.create(Schema.Type.DOUBLE);
    } else if (value instanceof Float) {
      return Schema.create(Schema.Type.FLOAT);
    } else if (value instanceof Boolean) {
      return Schema.create(Schema.Type.BOOLEAN);
    } else if (value instanceof byte[] || value instanceof ByteBuffer) {
      return Schema.create(Schema.Type.BYTES);
    } else if (value instanceof IndexedRecord record) {
      return record.getSchema();
    } else if (value instanceof Pair<?, ?> pair) {
      return ofPair(pair, "key", "value", name);
    }
    throw new IllegalArgumentException("cannot derive an Avro schema for "
        + value.getClass().getName() + "; give the sink a schema and a function to records");
  }

  /** {@code pair} as a record of {@code schema} (made by {@link #ofPair}). */
  public static GenericRecord toRecord(Pair<?, ?> pair, Schema schema) {
    GenericRecord record = new GenericData.Record(schema);
    record.put(0, toAvro(pair.key(), schema.getFields().get(0).schema()));
    record.put(1, toAvro(pair.value(), schema.getFields().get(1).schema()));
    return record;
  }

  private static Object toAvro(Object value, Schema schema) {
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    if (value instanceof Pair<?, ?> pair) {
      Schema record = schema.getType() == Schema.Type.UNION ? schema.getTypes().get(1) : schema;
      return toRecord(pair, record);
    }
    return value;
  }
}
