package be.randhub.referral;

import static be.randhub.referral.ReferralStatus.ACCEPTED;
import static be.randhub.referral.ReferralStatus.CANCELED;
import static be.randhub.referral.ReferralStatus.COMPLETED;
import static be.randhub.referral.ReferralStatus.FAILED;
import static be.randhub.referral.ReferralStatus.IN_PROGRESS;
import static be.randhub.referral.ReferralStatus.ON_HOLD;
import static be.randhub.referral.ReferralStatus.REJECTED;
import static be.randhub.referral.ReferralStatus.REQUESTED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import be.randhub.document.Problem;
import be.randhub.language.Text;

/**
 * The business life of a referral, as closed-loop referral platforms (and the FHIR referral Task) know it:
 * <pre>
 *   requested   -> accepted | rejected            (the target)      requested -> canceled   (the referrer)
 *   accepted    -> in-progress | on-hold | failed (the target)      accepted  -> canceled   (the referrer)
 *   in-progress -> on-hold | completed | failed   (the target)
 *   on-hold     -> in-progress                    (the target)
 *   completed, rejected, canceled, failed: final
 * </pre>
 * Only the target moves a referral forward or rejects it; only the referrer cancels it.
 */
public final class ReferralLifecycle {

    private static final Map<ReferralStatus, Set<ReferralStatus>> BY_TARGET = new EnumMap<>(ReferralStatus.class);
    private static final Map<ReferralStatus, Set<ReferralStatus>> BY_REFERRER = new EnumMap<>(ReferralStatus.class);

    static {
        BY_TARGET.put(REQUESTED, EnumSet.of(ACCEPTED, REJECTED));
        BY_TARGET.put(ACCEPTED, EnumSet.of(IN_PROGRESS, ON_HOLD, FAILED));
        BY_TARGET.put(IN_PROGRESS, EnumSet.of(ON_HOLD, COMPLETED, FAILED));
        BY_TARGET.put(ON_HOLD, EnumSet.of(IN_PROGRESS));
        BY_REFERRER.put(REQUESTED, EnumSet.of(CANCELED));
        BY_REFERRER.put(ACCEPTED, EnumSet.of(CANCELED));
    }

    private ReferralLifecycle() {
    }

    public static boolean isFinal(ReferralStatus status) {
        return !BY_TARGET.containsKey(status) && !BY_REFERRER.containsKey(status);
    }

    /** The statuses the given partner may set on the referral now. */
    public static Set<ReferralStatus> allowed(Referral referral, String partner) {
        Set<ReferralStatus> allowed = EnumSet.noneOf(ReferralStatus.class);
        if (referral.target().equals(partner)) {
            allowed.addAll(BY_TARGET.getOrDefault(referral.status(), Set.of()));
        }
        if (referral.referrer().equals(partner)) {
            allowed.addAll(BY_REFERRER.getOrDefault(referral.status(), Set.of()));
        }
        return allowed;
    }

    /** Why the partner may not set this status (a problem at {@code /payload/status}), or empty when it may. */
    public static Optional<Problem> refusal(Referral referral, String partner, ReferralStatus wanted) {
        Set<ReferralStatus> allowed = allowed(referral, partner);
        if (allowed.contains(wanted)) {
            return Optional.empty();
        }
        String key = referral.referrer() + "/" + referral.documentId();
        if (isFinal(referral.status())) {
            return Optional.of(Problem.of(POINTER, "status.final", key, referral.status(), wanted));
        }
        Text may = allowed.isEmpty() ? Text.of("problem.status.may-not-change", partner)
                : Text.of("problem.status.may-set", partner, allowed.stream().map(ReferralStatus::id).collect(Collectors.joining(", ")));
        if (wanted == CANCELED && !referral.referrer().equals(partner)) {
            may = Text.of("problem.status.only-referrer-cancels", referral.referrer(), may);
        } else if (wanted != CANCELED && !referral.target().equals(partner)) {
            may = Text.of("problem.status.only-target-moves", referral.target(), may);
        }
        return Optional.of(Problem.of(POINTER, "status.not-allowed", key, referral.status(), may));
    }

    private static final String POINTER = "/payload/status";
}
