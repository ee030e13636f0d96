package be.randhub.feed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The consolidated agency feed ({@code hub.feeds.*}).
 *
 * @param schedule when a feed is closed and sent (Spring cron: second minute hour day month weekday)
 * @param zone     the time zone of the schedule
 * @param smallest counts below this are shown as "&lt;smallest" in the learning network's summary
 */
@ConfigurationProperties("hub.feeds")
public record FeedProperties(@DefaultValue("0 0 6 * * *") String schedule, @DefaultValue("Europe/Brussels") String zone,
                             @DefaultValue("5") int smallest) {
}
