package be.randhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hostile corpus under {@code src/test/resources/hostile/}: one file per case, listed in {@code cases.tsv}
 * with the channels it is sent through and a phrase its refusal must contain. A {@code .recipe} file expands to
 * a document too large to keep in the repository.
 */
public final class HostileCorpus {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One case. */
    public record Case(String file, Set<HubClient.Way> ways, String expect, String note) {

        public byte[] bytes(String kanakReferral) {
            byte[] raw = read(file);
            if (file.endsWith(".recipe")) {
                JsonNode recipe = JSON.readTree(raw);
                return recipe.path("template").asString()
                        .replace("__FILL__", recipe.path("fill").asString().repeat(recipe.path("times").asInt()))
                        .getBytes(StandardCharsets.UTF_8);
            }
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            return text.contains("{{KANAK_REFERRAL}}")
                    ? text.replace("{{KANAK_REFERRAL}}", kanakReferral).getBytes(StandardCharsets.ISO_8859_1) : raw;
        }

        /** The PDF that goes with it (multipart part, or a file beside it), if any. */
        public String attachment() {
            return note.startsWith("attachment=") ? note.substring("attachment=".length()) : null;
        }

        /** The name to drop it under, if not its own. */
        public String dropAs() {
            return note.startsWith("drop-as=") ? note.substring("drop-as=".length()) : file.replaceFirst("\\.recipe$", ".json");
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private HostileCorpus() {
    }

    public static List<Case> cases() {
        String manifest = new String(read("cases.tsv"), StandardCharsets.UTF_8);
        return manifest.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).map(line -> {
            String[] parts = Arrays.copyOf(line.split("\t", -1), 4);
            Set<HubClient.Way> ways = EnumSet.noneOf(HubClient.Way.class);
            for (String way : (parts[1].equals("all") ? "http,file,jms" : parts[1]).split(",")) {
                ways.add(HubClient.Way.valueOf(way.toUpperCase()));
            }
            return new Case(parts[0], ways, parts[2] == null ? "" : parts[2], parts[3] == null ? "" : parts[3]);
        }).toList();
    }

    public static byte[] read(String file) {
        try {
            return new ClassPathResource("hostile/" + file).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
