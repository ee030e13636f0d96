package be.randhub.document;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.springframework.stereotype.Component;

import be.randhub.language.Text;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the bytes a partner sent into a JSON tree, or explains in one sentence why it cannot: not UTF-8, not
 * JSON, too deep, too long, a key given twice. The explanation names a position, never the content.
 */
@Component
public class DocumentReader {

    private final JsonMapper mapper;
    private final JsonMapper canonical;
    private final DocumentLimits limits;

    public DocumentReader(JsonMapper mapper, DocumentLimits limits) {
        this.mapper = mapper;
        this.limits = limits;
        this.canonical = mapper.rebuild().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();
    }

    /** Thrown with the one problem that stops a document from being read at all. */
    public static final class UnreadableDocument extends Exception {
        private final Refusal refusal;

        UnreadableDocument(Refusal.Kind kind, String code, Object... arguments) {
            this(kind, Problem.of("", code, arguments));
        }

        UnreadableDocument(Refusal.Kind kind, Problem problem) {
            super(problem.code(), null, false, false);
            this.refusal = new Refusal(kind, List.of(problem));
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    public long maxSize() {
        return limits.maxSize().toBytes();
    }

    public UnreadableDocument tooLarge(long size) {
        return new UnreadableDocument(Refusal.Kind.TOO_LARGE, "document.too-large", size, maxSize());
    }

    public JsonNode read(byte[] bytes) throws UnreadableDocument {
        if (bytes.length > maxSize()) {
            throw tooLarge(bytes.length);
        }
        String text = decode(bytes);
        if (text.isBlank()) {
            throw new UnreadableDocument(Refusal.Kind.INVALID, "document.empty");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new UnreadableDocument(Refusal.Kind.INVALID, describeLimit(e));
        } catch (JacksonException e) {
            throw new UnreadableDocument(Refusal.Kind.INVALID, describeSyntax(e));
        }
        requireCharacters(tree, "");
        return tree;
    }

    /**
     * Every text (and property name) is made of Unicode characters: no lone surrogate escape ({@code \ud800}),
     * which each encoder downstream would spell differently (a receiver's file one way, its queue message another),
     * and no NUL, which some databases refuse and no document needs.
     */
    private static void requireCharacters(JsonNode node, String pointer) throws UnreadableDocument {
        if (node.isString()) {
            Text problem = notCharacters(node.asString());
            if (problem != null) {
                throw new UnreadableDocument(Refusal.Kind.INVALID, Problem.of(pointer, "text.not-characters", problem));
            }
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                String child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (notCharacters(field.getKey()) != null) {
                    throw new UnreadableDocument(Refusal.Kind.INVALID, Problem.of(pointer, "name.not-characters", notCharacters(field.getKey())));
                }
                requireCharacters(field.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireCharacters(node.get(i), pointer + "/" + i);
            }
        }
    }

    /** What is wrong with the text's characters, or null. */
    private static Text notCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return Text.of("problem.characters.nul");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Text.of("problem.characters.lone-surrogate");
            }
        }
        return null;
    }

    /**
     * SHA-256 of the document's canonical form (keys sorted, no white space): a resend hashes the same. The canonical
     * form is streamed into the digest, never held whole.
     */
    public String contentHash(JsonNode json) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (java.io.OutputStream sink = new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), digest)) {
                canonical.writeValue(sink, json);
            } catch (java.io.IOException impossible) {
                throw new java.io.UncheckedIOException(impossible);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document's bytes without the UTF-8 byte order mark a partner may have put before them. */
    public static byte[] withoutByteOrderMark(byte[] bytes) {
        return hasByteOrderMark(bytes) ? Arrays.copyOfRange(bytes, 3, bytes.length) : bytes;
    }

    private static boolean hasByteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF;
    }

    private static String decode(byte[] bytes) throws UnreadableDocument {
        int offset = 0;
        if (hasByteOrderMark(bytes)) {
            offset = 3; // a UTF-8 byte order mark is tolerated
        } else if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF
                || (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE)) {
            throw new UnreadableDocument(Refusal.Kind.INVALID, "document.utf-16");
        } else if (containsNul(bytes)) {
            throw new UnreadableDocument(Refusal.Kind.INVALID, "document.nul-bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
        } catch (MalformedInputException e) {
            throw new UnreadableDocument(Refusal.Kind.INVALID, "document.other-encoding");
        } catch (CharacterCodingException e) {
            throw new UnreadableDocument(Refusal.Kind.INVALID, "document.not-utf-8");
        }
    }

    /** A NUL byte early on: binary content, or a two- or four-byte encoding. */
    private static boolean containsNul(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 4096); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private Problem describeLimit(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return Problem.of("", "document.too-deep", limits.maxDepth());
        }
        if (message.contains("String value length")) {
            return Problem.of("", "document.text-too-long", limits.maxStringLength());
        }
        if (message.contains("Name length")) {
            return Problem.of("", "document.name-too-long", limits.maxNameLength());
        }
        if (message.contains("Number value length")) {
            return Problem.of("", "document.number-too-long");
        }
        if (message.contains("Token count")) {
            return Problem.of("", "document.too-many-values", limits.maxTokens());
        }
        return Problem.of("", "document.larger-than", limits.maxSize().toBytes());
    }

    private static Problem describeSyntax(JacksonException e) {
        String message = String.valueOf(e.getOriginalMessage());
        Object where = e.getLocation() == null ? ""
                : Text.of("problem.json.where", e.getLocation().getLineNr(), e.getLocation().getColumnNr());
        if (message.startsWith("Duplicate Object property")) {
            return Problem.of("", "json.duplicate-property", where);
        }
        if (message.contains("end-of-input")) {
            return Problem.of("", "json.truncated", where);
        }
        if (message.contains("Trailing token")) {
            return Problem.of("", "json.trailing-content", where);
        }
        return Problem.of("", "json.invalid", where);
    }
}
