package be.randhub.privacy;

import java.util.Collection;
import java.util.Set;

/**
 * Which name tokens (words folded as {@link FoldedText} folds them) are part of the name of someone the hub holds
 * or held a referral for, in any municipality, erased or not. One call is one lookup, whatever the number of tokens.
 */
@FunctionalInterface
public interface KnownNames {

    Set<String> known(Collection<String> tokens);
}
