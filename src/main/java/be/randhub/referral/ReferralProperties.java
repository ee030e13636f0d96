package be.randhub.referral;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Referrals ({@code hub.referrals.*}).
 *
 * @param unansweredAfter a referral still {@code requested} this long after it was sent is reported to its
 *                        referrer and to the operators
 * @param checkPeriod     how often the hub looks for such referrals
 */
@ConfigurationProperties("hub.referrals")
public record ReferralProperties(@DefaultValue("14d") Duration unansweredAfter, @DefaultValue("1h") Duration checkPeriod) {
}
