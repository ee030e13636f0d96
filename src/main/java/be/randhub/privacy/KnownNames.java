package be.randhub.privacy;

import java.util.Collection;
import java.util.Set;

/** Which words of a text are names of people the hub holds referrals for in a municipality. */
@FunctionalInterface
public interface KnownNames {

    Set<String> known(String municipality, Collection<String> words);
}
