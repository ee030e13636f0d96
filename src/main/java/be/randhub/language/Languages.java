package be.randhub.language;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * The hub's three languages, Dutch (the default), French and English, and how a reader's is chosen: over HTTP
 * {@code ?lang=} first, then {@code Accept-Language}, then Dutch; on the other channels the registry's
 * {@code language} of the partner concerned.
 */
public final class Languages {

    public static final Locale DUTCH = Locale.forLanguageTag("nl");
    /** The languages, the default first. */
    public static final List<Locale> ALL = List.of(DUTCH, Locale.FRENCH, Locale.ENGLISH);
    public static final Locale DEFAULT = DUTCH;
    /** The query parameter that chooses a language over HTTP (a page's switch). */
    public static final String PARAMETER = "lang";

    private Languages() {
    }

    /** One of the hub's languages by its id ({@code nl}, {@code fr}, {@code en}). */
    public static Optional<Locale> of(String id) {
        return ALL.stream().filter(language -> language.getLanguage().equals(id)).findFirst();
    }

    /** {@code lang} when it is one of the hub's languages, else the best by Accept-Language, else Dutch. */
    public static Locale choose(String lang, String acceptLanguage) {
        Optional<Locale> chosen = of(lang);
        if (chosen.isPresent()) {
            return chosen.get();
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                Locale found = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), ALL);
                if (found != null) {
                    return found;
                }
            } catch (IllegalArgumentException malformed) {
                // a header no browser sends: the default language
            }
        }
        return DEFAULT;
    }

    /** The language a request asks for. */
    public static Locale of(HttpServletRequest request) {
        return choose(request.getParameter(PARAMETER), request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    }
}
