package io.github.freshet.realtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class SseParserTest {
  private final List<String> seen = new ArrayList<>();
  private final SseParser parser =
      new SseParser(
          new SseParser.Handler() {
            @Override
            public void onEvent(String type, String data, @Nullable String lastEventId) {
              seen.add(type + "|" + data + "|" + lastEventId);
            }

            @Override
            public void onRetry(long millis) {
              seen.add("retry " + millis);
            }
          });

  private void feed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    parser.feed(bytes, 0, bytes.length);
  }

  @Test
  void parsesTypedEventsWithIds() {
    feed("event: business:updated\nid: 7\ndata: {\"id\":\"b_1\"}\n\n");

    assertThat(seen).containsExactly("business:updated|{\"id\":\"b_1\"}|7");
    assertThat(parser.lastEventId()).isEqualTo("7");
  }

  @Test
  void joinsDataLines_defaultsTheType_andKeepsTheLastId() {
    feed("id: 1\ndata: a\n\ndata: first\ndata: second\n\n");

    assertThat(seen).containsExactly("message|a|1", "message|first\nsecond|1");
  }

  @Test
  void retryField_isReported_whenItIsDigits() {
    feed("retry: 2500\nretry: soon\nretry:\n: heartbeat comment\n\n");

    assertThat(seen).containsExactly("retry 2500");
  }

  @Test
  void acceptsCrLfAndCr_evenWhenACrLfIsSplitAcrossChunks() {
    feed("event: a\r\ndata: 1\r");
    feed("\n\r\nevent: b\rdata: 2\r\r");

    assertThat(seen).containsExactly("a|1|null", "b|2|null");
  }

  @Test
  void multiByteCharactersSplitAcrossChunks_decode() {
    byte[] bytes = "data: café\n\n".getBytes(StandardCharsets.UTF_8);
    int split = "data: caf".length() + 1; // Inside the two bytes of é.
    parser.feed(bytes, 0, split);
    parser.feed(bytes, split, bytes.length - split);

    assertThat(seen).containsExactly("message|café|null");
  }

  @Test
  void ignoresABom_unknownFields_idsWithNul_andEventsWithoutData() {
    feed("\uFEFFevent: x\nfoo: bar\n\nid: bad\0id\ndata: y\n\n");

    assertThat(seen).containsExactly("message|y|null");
  }

  @Test
  void emptyId_resetsTheLastEventId() {
    feed("id: 5\ndata: a\n\nid:\ndata: b\n\n");

    assertThat(seen).containsExactly("message|a|5", "message|b|null");
    assertThat(parser.lastEventId()).isNull();
  }

  @Test
  void valueWithoutSpace_andFieldWithoutColon() {
    feed("data:no space\ndata\n\n");

    assertThat(seen).containsExactly("message|no space\n|null");
  }
}
