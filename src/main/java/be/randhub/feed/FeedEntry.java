package be.randhub.feed;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One accepted document's line in the next agency feed: what is counted, never what it says.
 *
 * @param activity  for a referral or a status update: the target activity
 * @param status    for a referral: requested; for a status update: the status it set
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedEntry(String trackingId, String partner, String type, String municipality, Instant receivedAt,
                        String target, String activity, String category, String status) {
}
