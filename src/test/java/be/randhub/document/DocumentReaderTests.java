package be.randhub.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;


/** Reading partner bytes: what is tolerated, what is refused, and that a refusal names no content. */
class DocumentReaderTests {

    DocumentLimits limits = new DocumentLimits(DataSize.ofKilobytes(64), 5, 50, 20, 1000);
    DocumentReader reader = new DocumentReader(new JsonConfiguration().jsonMapper(limits), limits);
    /** The refusals' words, read in English. */
    static final be.randhub.language.Catalogue ENGLISH = be.randhub.language.Catalogue.fromClassPath();

    @Test
    void readsUtf8WithOrWithoutByteOrderMark() throws Exception {
        byte[] plain = "{\"name\":\"Café\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[plain.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, withBom, 3, plain.length);

        assertThat(reader.read(plain).path("name").asString()).isEqualTo("Café");
        assertThat(reader.read(withBom).path("name").asString()).isEqualTo("Café");
    }

    @Test
    void refusesOtherEncodings() {
        assertRefused("{\"name\":\"Café\"}".getBytes(Charset.forName("ISO-8859-1")), "not valid UTF-8");
        assertRefused("{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_16), "UTF-16");
        assertRefused("{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_16LE), "NUL bytes");
    }

    @Test
    void refusesDuplicateKeysWithoutNamingValues() {
        assertRefused("{\"name\":\"Fatima\",\"name\":\"Yusuf\"}".getBytes(StandardCharsets.UTF_8), "a property appears twice");
    }

    @Test
    void refusesTooDeepTooLongAndTrailingContent() {
        assertRefused("[[[[[[[1]]]]]]]".getBytes(StandardCharsets.UTF_8), "deeper than 5 levels");
        assertRefused(("{\"a\":\"" + "x".repeat(51) + "\"}").getBytes(StandardCharsets.UTF_8), "longer than 50 characters");
        assertRefused(("{\"" + "k".repeat(21) + "\":1}").getBytes(StandardCharsets.UTF_8), "property name is longer than 20");
        assertRefused("{\"a\":1} {\"b\":2}".getBytes(StandardCharsets.UTF_8), "more after the end");
        assertRefused("{\"a\":".getBytes(StandardCharsets.UTF_8), "truncated");
        assertRefused(new byte[0], "the document is empty");
    }

    @Test
    void refusesOversizeInputBeforeParsing() {
        DocumentReader.UnreadableDocument refusal = org.junit.jupiter.api.Assertions.assertThrows(
                DocumentReader.UnreadableDocument.class, () -> reader.read(new byte[64 * 1024 + 1]));
        assertThat(refusal.refusal().kind()).isEqualTo(Refusal.Kind.TOO_LARGE);
    }

    @Test
    void resendWithOtherWhitespaceOrKeyOrderHashesTheSame() throws Exception {
        String hash = reader.contentHash(reader.read("{\"a\":1,\"b\":{\"c\":2}}".getBytes(StandardCharsets.UTF_8)));

        assertThat(reader.contentHash(reader.read("{ \"b\" : { \"c\" : 2 },\n \"a\" : 1 }".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(hash);
        assertThat(reader.contentHash(reader.read("{\"a\":1,\"b\":{\"c\":3}}".getBytes(StandardCharsets.UTF_8))))
                .isNotEqualTo(hash);
    }

    private void assertRefused(byte[] input, String message) {
        assertThatThrownBy(() -> reader.read(input))
                .isInstanceOf(DocumentReader.UnreadableDocument.class)
                .satisfies(thrown -> {
                    Problem problem = ((DocumentReader.UnreadableDocument) thrown).refusal().problems().get(0);
                    String text = ENGLISH.localized(problem, java.util.Locale.ENGLISH).message();
                    assertThat(text).contains(message).doesNotContain("Fatima", "Yusuf", "xxxx");
                });
    }

}
