package be.randhub.language;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A text to be put in its reader's language later: a key of the message catalogue ({@code i18n/messages_<language>})
 * and its arguments, each a plain value (written as it is) or a text itself (put in the same language).
 */
public record Text(String key, List<Object> arguments) {

    public Text {
        arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
    }

    public static Text of(String key, Object... arguments) {
        List<Object> values = new ArrayList<>(arguments.length);
        for (Object argument : arguments) {
            values.add(argument instanceof Text ? argument : String.valueOf(argument));
        }
        return new Text(key, values);
    }
}
