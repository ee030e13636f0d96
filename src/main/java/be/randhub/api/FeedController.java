package be.randhub.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.broker.Queues;
import be.randhub.feed.AgencyFeeds;
import be.randhub.feed.FeedProperties;

/**
 * The consolidated agency feeds: read by the agency (and operators) for a range of dates; closed on demand by
 * an operator, who then finds the new feed here and in the agency's folder.
 */
@RestController
@RequestMapping("/api/v1/feeds/agency")
class FeedController {

    private final AgencyFeeds feeds;
    private final ProducerTemplate producer;
    private final ZoneId zone;

    FeedController(AgencyFeeds feeds, ProducerTemplate producer, FeedProperties properties) {
        this.feeds = feeds;
        this.producer = producer;
        this.zone = ZoneId.of(properties.zone());
    }

    /** Feeds whose period overlaps the dates [from, to] (Europe/Brussels; default: the last seven days). */
    @GetMapping
    @PreAuthorize("hasAnyRole('AGENCY', 'OPERATOR')")
    Map<String, List<AgencyFeeds.Feed>> feeds(@RequestParam(required = false) LocalDate from,
                                              @RequestParam(required = false) LocalDate to) {
        LocalDate last = to != null ? to : LocalDate.now(zone);
        LocalDate first = from != null ? from : last.minusDays(7);
        Instant start = first.atStartOfDay(zone).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(zone).toInstant();
        return Map.of("feeds", feeds.feeds(start, end));
    }

    /** Closes the open feed now; the feed appears once the hub has built it (a second or so). */
    @PostMapping
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<Map<String, String>> closeNow() {
        var marker = producer.send("jms:queue:" + Queues.FEED, feeds::closeMarker);
        if (marker.getException() != null) {
            throw new IllegalStateException("could not queue the close marker", marker.getException());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of(
                "closeId", marker.getIn().getHeader(AgencyFeeds.CLOSE_ID, String.class),
                "message", "the open agency feed is being closed; it will be listed at GET /api/v1/feeds/agency"));
    }
}
