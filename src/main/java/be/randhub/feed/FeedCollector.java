package be.randhub.feed;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * How a close marker joins the open feed: it completes it (see the {@code completionPredicate} in
 * agency-feed.camel.yaml) with its close id and time. The feed's entries are rows already ({@link FeedEntries}).
 */
@Component("feedCollector")
public class FeedCollector implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange open, Exchange incoming) {
        if (open == null) {
            open = incoming.copy();
        }
        for (String header : new String[] {AgencyFeeds.CLOSE, AgencyFeeds.CLOSE_ID, AgencyFeeds.CLOSED_AT}) {
            open.getIn().setHeader(header, incoming.getIn().getHeader(header));
        }
        return open;
    }
}
