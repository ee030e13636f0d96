package be.randhub.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.language.Catalogue;
import be.randhub.language.Languages;

/**
 * The console's texts ({@code console.*} in the message catalogue, named without the prefix) in the language asked
 * for: {@code ?lang=} (the page's switch), else Accept-Language, else Dutch. Open to everyone, like the login page
 * that needs them; they say nothing the pages do not.
 */
@RestController
public class ConsoleTexts {

    public static final String PATH = "/console/texts";
    /** The script that reads them (the login page's too). */
    public static final String SCRIPT = "/console/texts.js";

    private final Catalogue catalogue;
    private final List<String> names;

    ConsoleTexts(Catalogue catalogue) {
        this.catalogue = catalogue;
        this.names = catalogue.keys(Catalogue.CONSOLE_PREFIX);
    }

    record Texts(String language, List<String> languages, Map<String, String> texts) {
    }

    @GetMapping(PATH)
    Texts texts(HttpServletRequest request) {
        Locale language = Languages.of(request);
        Map<String, String> texts = new TreeMap<>();
        for (String key : names) {
            texts.put(key.substring(Catalogue.CONSOLE_PREFIX.length()), catalogue.text(language, key));
        }
        return new Texts(language.getLanguage(), Languages.ALL.stream().map(Locale::getLanguage).toList(), texts);
    }
}
