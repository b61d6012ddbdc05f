package io.sluice.rdd.plan;

import io.sluice.rdd.Source;
import java.util.List;
import java.util.Objects;

/** Reads a {@link Source}; its partitions are the source's partitions. */
public record SourceNode(String name, Source<?> source) implements PlanNode {

  public SourceNode {
    Names.check(name);
    Objects.requireNonNull(source, "source");
  }

  @Override
  public String kind() {
    return "source";
  }

  @Override
  public List<PlanNode> parents() {
    return List.of();
  }

  @Override
  public SourceNode withName(String name) {
    return new SourceNode(name, source);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visitSource(this);
  }
}
