package be.randhub.feed;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * How an incoming message joins the open feed: an entry is handed to the repository to be stored; a close
 * marker completes the feed (see the {@code completionPredicate} in agency-feed.camel.yaml).
 */
@Component("feedCollector")
public class FeedCollector implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange open, Exchange incoming) {
        if (open == null) {
            open = incoming.copy();
        }
        if ("true".equals(incoming.getIn().getHeader(AgencyFeeds.CLOSE, String.class))) {
            for (String header : new String[] {AgencyFeeds.CLOSE, AgencyFeeds.CLOSE_ID, AgencyFeeds.CLOSED_AT}) {
                open.getIn().setHeader(header, incoming.getIn().getHeader(header));
            }
        } else {
            open.getIn().setHeader(FeedAggregationRepository.NEW_ENTRY, incoming.getIn().getBody(String.class));
        }
        return open;
    }
}
