package io.sluice.flume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.interceptor.Interceptor;
import org.junit.jupiter.api.Test;

class EventIdInterceptorTest {
  @Test
  void setsAUniqueIdUnlessTheEventHasOne() {
    EventIdInterceptor.Builder builder = new EventIdInterceptor.Builder();
    builder.configure(new Context(Map.of()));
    Interceptor a = builder.build();
    Interceptor b = builder.build();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(a.intercept(event()).getHeaders().get("eventId"));
      ids.add(b.intercept(event()).getHeaders().get("eventId"));
    }
    assertThat(ids).hasSize(2000).doesNotContainNull();

    Event kept = EventBuilder.withBody("x".getBytes(StandardCharsets.UTF_8), Map.of("eventId", "mine"));
    assertThat(a.intercept(List.of(kept)).get(0).getHeaders()).containsEntry("eventId", "mine");

    builder.configure(new Context(Map.of("headerName", "id")));
    assertThat(builder.build().intercept(event()).getHeaders()).containsKey("id");
  }

  private static Event event() {
    return EventBuilder.withBody("same body".getBytes(StandardCharsets.UTF_8), new java.util.HashMap<>());
  }
}
