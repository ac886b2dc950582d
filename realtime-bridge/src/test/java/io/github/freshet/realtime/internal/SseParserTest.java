package io.github.freshet.realtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class SseParserTest {
  /** The limit of the parser under test: small, so that tests can pass it cheaply. */
  private static final int LIMIT = 64;

  private final List<String> seen = new ArrayList<>();
  private final SseParser parser =
      new SseParser(
          new SseParser.Handler() {
            @Override
            public void onEvent(String type, String data, @Nullable String lastEventId) {
              seen.add(type + "|" + data + "|" + lastEventId);
            }

            @Override
            public void onTooLarge(String type) {
              seen.add("too large " + type);
            }

            @Override
            public void onRetry(long millis) {
              seen.add("retry " + millis);
            }
          },
          LIMIT);

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
  void anIdInABlockWithoutData_stillMovesTheLastEventId() {
    feed("id: 5\ndata: a\n\nid: 6\n\n");

    assertThat(seen).containsExactly("message|a|5");
    assertThat(parser.lastEventId()).isEqualTo("6");
  }

  @Test
  void valueWithoutSpace_andFieldWithoutColon() {
    feed("data:no space\ndata\n\n");

    assertThat(seen).containsExactly("message|no space\n|null");
  }

  @Test
  void dataOfExactlyTheLimit_passes_oneByteMore_isTooLarge() {
    String atLimit = "x".repeat(LIMIT - 2);
    feed("data: " + atLimit + "\ndata: y\n\n"); // LIMIT - 2 + "\n" + "y" = LIMIT bytes.
    feed("event: big\ndata: " + atLimit + "\ndata: yz\n\n");

    assertThat(seen).containsExactly("message|" + atLimit + "\ny|null", "too large big");
  }

  @Test
  void theLimitCountsBytes_notCharacters() {
    String euros = "\u20ac".repeat(LIMIT / 3 + 1); // Three bytes each in UTF-8.

    feed("data: " + euros + "\n\n");

    assertThat(seen).containsExactly("too large message");
  }

  @Test
  void aHugeLine_isNeverHeldInMemory_andTheStreamGoesOn() {
    feed("id: 9\nevent: huge\ndata: ");
    byte[] chunk = "y".repeat(8192).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 1024; i++) { // 8 MiB in all.
      parser.feed(chunk, 0, chunk.length);
      assertThat(parser.bufferedBytes()).isLessThanOrEqualTo(LIMIT + 16);
    }
    feed("\n\nevent: next\ndata: fine\n\n");

    assertThat(seen).containsExactly("too large huge", "next|fine|9");
  }

  @Test
  void aHugeComment_isDropped_withoutSpoilingTheEvent() {
    feed("event: a\n:" + "z".repeat(10 * LIMIT) + "\ndata: 1\n\n");

    assertThat(seen).containsExactly("a|1|null");
    assertThat(parser.bufferedBytes()).isZero();
  }

  @Test
  void aHugeUnknownField_isIgnored_asAnyUnknownField() {
    feed("event: a\nfoo: " + "z".repeat(10 * LIMIT) + "\ndata: 1\n\n");

    assertThat(seen).containsExactly("a|1|null");
  }

  @Test
  void aHugeId_spoilsItsEvent_andIsNotKept() {
    feed("id: 1\n\nevent: a\nid: " + "7".repeat(10 * LIMIT) + "\ndata: 1\n\n");

    assertThat(seen).containsExactly("too large a");
    assertThat(parser.lastEventId()).isEqualTo("1");
  }

  @Test
  void aBlockWithoutData_isNoEvent_evenWithAnOverLongTypeOrId() {
    feed("event: " + "t".repeat(LIMIT + 1) + "\n\n");
    feed("event: " + "t".repeat(10 * LIMIT) + "\n\n");
    feed("id: " + "7".repeat(10 * LIMIT) + "\n\n");

    assertThat(seen).as("the standard dispatches nothing for a block without data").isEmpty();
  }

  @Test
  void anOverLongDataLine_isReported_evenWithoutAnyOtherDataLine() {
    feed("data: " + "d".repeat(10 * LIMIT) + "\n\n");

    assertThat(seen).containsExactly("too large message");
  }

  @Test
  void aByteOrderMarkOnAnOverflowingFirstLine_isStripped() {
    feed("\uFEFFdata: " + "d".repeat(10 * LIMIT) + "\n\ndata: ok\n\n");

    assertThat(seen).containsExactly("too large message", "message|ok|null");
  }

  @Test
  void aCrLfSplitRightAtTheOverflow_endsTheLineOnce() {
    String line = "data: " + "d".repeat(LIMIT + 16 - "data: ".length());
    feed(line + "xyz\r");
    feed("\ndata: next\n\n");

    assertThat(seen)
        .as("one event: the LF after the CR is not a blank line")
        .containsExactly("too large message");
  }

  @Test
  void charactersOfFourBytes_countFour() {
    String emoji = "\ud83d\ude00"; // One code point, four bytes in UTF-8.
    feed("data: " + emoji.repeat(LIMIT / 4) + "\n\n");
    feed("data: " + emoji.repeat(LIMIT / 4) + "x\n\n");

    assertThat(seen)
        .containsExactly("message|" + emoji.repeat(LIMIT / 4) + "|null", "too large message");
  }

  @Test
  void aLimitBelowOne_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SseParser(new SseParserTestHandler(), 0))
        .withMessageContaining("maxEventBytes");
  }

  /** A handler that ignores everything. */
  private static final class SseParserTestHandler implements SseParser.Handler {
    @Override
    public void onEvent(String type, String data, @Nullable String lastEventId) {}

    @Override
    public void onTooLarge(String type) {}

    @Override
    public void onRetry(long millis) {}
  }
}
