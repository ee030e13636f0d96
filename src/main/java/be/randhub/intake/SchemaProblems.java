package be.randhub.intake;

import be.randhub.document.Problem;
import be.randhub.language.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.networknt.schema.Error;

import tools.jackson.databind.JsonNode;

/**
 * Turns schema validation errors into problems a partner can act on: a JSON pointer to the field (to the
 * missing field itself for "required"), a code per keyword ({@code schema.max-length}) whose message the catalogue
 * words in each language, and the validator's arguments with the partner's own value left out, so a receipt or a
 * trail never repeats what was sent.
 */
final class SchemaProblems {

    private SchemaProblems() {
    }

    static List<Problem> describe(List<Error> errors) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Set<String>> alternatives = new LinkedHashMap<>();
        for (Error error : errors) {
            String location = pointer(error);
            if ("required".equals(error.getKeyword()) && String.valueOf(error.getEvaluationPath()).contains("anyOf")) {
                alternatives.computeIfAbsent(location, key -> new LinkedHashSet<>()).add(error.getProperty());
                continue;
            }
            if ("anyOf".equals(error.getKeyword())) {
                continue; // described by its alternatives
            }
            if ("required".equals(error.getKeyword())) {
                problems.add(Problem.of(location + "/" + escape(error.getProperty()), "schema.required"));
                continue;
            }
            problems.add(describe(error, location));
        }
        alternatives.forEach((location, names) ->
                problems.add(Problem.of(location, "schema.any-of", String.join(", ", names))));
        return problems;
    }

    private static String pointer(Error error) {
        String location = String.valueOf(error.getInstanceLocation());
        return "/".equals(location) ? "" : location;
    }

    /** The schema's keywords the hub describes in its own words; any other is "does not match the schema". */
    private static final Map<String, String> KEYWORDS = Map.ofEntries(Map.entry("type", "schema.type"),
            Map.entry("const", "schema.const"), Map.entry("enum", "schema.enum"), Map.entry("maxItems", "schema.max-items"),
            Map.entry("minItems", "schema.min-items"), Map.entry("maxLength", "schema.max-length"),
            Map.entry("minLength", "schema.min-length"), Map.entry("maximum", "schema.maximum"),
            Map.entry("minimum", "schema.minimum"), Map.entry("pattern", "schema.pattern"),
            Map.entry("uniqueItems", "schema.unique-items"), Map.entry("additionalProperties", "schema.additional-property"));
    /** The formats the schemas use, each with its own message. */
    private static final Map<String, String> FORMATS = Map.of("date", "schema.format.date", "date-time", "schema.format.date-time",
            "email", "schema.format.email");

    /** The problem for one error: its code from the keyword, the validator's arguments without the partner's value. */
    private static Problem describe(Error error, String location) {
        Object[] arguments = error.getArguments() == null ? new Object[0] : error.getArguments().clone();
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = withoutValue(String.valueOf(arguments[i]), error);
        }
        String keyword = error.getKeyword();
        if ("type".equals(keyword)) {
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = jsonType(String.valueOf(arguments[i]));
            }
        }
        if ("format".equals(keyword)) {
            String format = arguments.length > 0 ? String.valueOf(arguments[0]) : "";
            return FORMATS.containsKey(format) ? Problem.of(location, FORMATS.get(format)) : Problem.of(location, "schema.format", format);
        }
        String code = KEYWORDS.get(keyword);
        return code == null ? Problem.of(location, "schema.invalid", keyword) : Problem.of(location, code, arguments);
    }

    /** JSON's kinds of value, named in the reader's language. */
    private static final Map<String, String> JSON_TYPES = Map.of("string", "problem.json-type.string",
            "number", "problem.json-type.number", "integer", "problem.json-type.integer", "boolean", "problem.json-type.boolean",
            "object", "problem.json-type.object", "array", "problem.json-type.array", "null", "problem.json-type.null");

    /** A kind of JSON value ({@code string}, {@code array} ...) as a text to be put in the reader's language; another name as it is. */
    static Object jsonType(String type) {
        String key = JSON_TYPES.get(type);
        return key == null ? type : Text.of(key);
    }

    private static String withoutValue(String message, Error error) {
        JsonNode value = error.getInstanceNode();
        if (value != null && value.isValueNode()) {
            String text = value.asString();
            // the partner's own value, wherever the validator quotes it, but not a piece of a word ("ar" in "array")
            message = message.replace("\"" + text + "\"", "…").replace("'" + text + "'", "…");
            if (text.length() >= 4) {
                message = message.replaceAll("(?<![\\p{L}\\d])" + Pattern.quote(text) + "(?![\\p{L}\\d])",
                        Matcher.quoteReplacement("…"));
            }
        }
        return message;
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
