package be.randhub.document;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits every JSON document meets on every channel ({@code hub.documents.*}), enforced while parsing, before
 * anything else looks at the content. The schemas add their own, tighter limits per field.
 *
 * @param maxSize          largest JSON document (HTTP answers 413 above it)
 * @param maxDepth         deepest nesting of objects and arrays
 * @param maxStringLength  longest string value
 * @param maxNameLength    longest property name
 * @param maxTokens        most JSON tokens in one document
 */
@ConfigurationProperties("hub.documents")
public record DocumentLimits(
        @DefaultValue("5MB") DataSize maxSize,
        @DefaultValue("16") int maxDepth,
        @DefaultValue("100000") int maxStringLength,
        @DefaultValue("100") int maxNameLength,
        @DefaultValue("500000") long maxTokens) {
}
