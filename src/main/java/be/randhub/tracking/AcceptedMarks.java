package be.randhub.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks published documents {@code accepted} in the document register by group commit: one database commit for
 * all the documents the broker committed while the previous batch was being written, instead of one per document.
 * The caller waits until its batch is written, so a channel acknowledges a document only once its mark is stored,
 * exactly as with a commit of its own: if the hub stops in between, the sender got no answer and sends again, and
 * the resend is resumed under the same tracking id (Artemis' duplicate detection keeps it from a second delivery).
 * <p>
 * Until its batch is written a mark is held here, and {@link #receivers(String)} answers for it, so a document
 * sent again meanwhile is recognised as a duplicate and its status reads as accepted. A caller that waited
 * {@value #WAIT_SECONDS} s (database unreachable) gets an error for its channel to report; its mark stays held and
 * is written once the database answers again. A stopping hub writes the marks still waiting.
 * <p>
 * No fixed delay: the writer takes whatever is waiting as soon as it is free, so a quiet hub writes each mark at
 * once and a busy one in growing batches.
 */
@Component("acceptedMarks")
public class AcceptedMarks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AcceptedMarks.class);
    private static final int BATCH = 500;
    private static final long WAIT_SECONDS = 10;
    /** A mark written again (the trail's, after a crash) changes nothing. */
    public static final String MARK = "UPDATE document SET state = 'accepted', receivers = ? WHERE tracking_id = ? AND state = 'pending'";

    private record Mark(String trackingId, String receivers, CompletableFuture<Void> written) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    /** Marks not yet written: tracking id -> receivers (comma-separated). */
    private final Map<String, String> unwritten = new ConcurrentHashMap<>();
    private final BlockingQueue<Mark> waiting = new LinkedBlockingQueue<>();
    /** The batch the writer is on; after the writer stopped, what it had not written. */
    private final List<Mark> batch = new ArrayList<>(BATCH);
    private final Thread writer;
    private volatile boolean stopped;

    public AcceptedMarks(JdbcTemplate jdbc, TransactionTemplate databaseTransaction) {
        this.jdbc = jdbc;
        this.transaction = databaseTransaction;
        this.writer = new Thread(this::writeWhileRunning, "accepted-marks");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * The broker committed this document for these receivers: marks it accepted, and returns once the mark is
     * written (in the batch being formed).
     */
    public void markAccepted(String trackingId, List<String> receivers) {
        markAccepted(Map.of(trackingId, receivers));
    }

    /**
     * The broker committed these documents (tracking id to receivers): marks them accepted, and returns once every
     * mark is written (in the batch being formed: one commit for all of them, and for others waiting with them).
     */
    public void markAccepted(Map<String, List<String>> documents) {
        List<Mark> marks = new ArrayList<>(documents.size());
        documents.forEach((trackingId, receivers) -> marks.add(new Mark(trackingId, String.join(",", receivers), new CompletableFuture<>())));
        if (stopped) {
            write(marks);
            return;
        }
        for (Mark mark : marks) {
            unwritten.put(mark.trackingId(), mark.receivers());
        }
        waiting.addAll(marks);
        try {
            CompletableFuture.allOf(marks.stream().map(Mark::written).toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(marks.size() + " document(s) are on the broker but the document register did not"
                    + " take their accepted marks within " + WAIT_SECONDS + " s; the marks are held and written later", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while accepted marks were written", e);
        }
    }

    /** The receivers of a document marked accepted whose mark is not written yet; empty for any other. */
    public Optional<String> receivers(String trackingId) {
        return Optional.ofNullable(unwritten.get(trackingId));
    }

    private void writeWhileRunning() {
        long pause = 0;
        while (!stopped) {
            try {
                if (batch.isEmpty()) {
                    Mark first = waiting.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    waiting.drainTo(batch, BATCH - 1);
                }
                write(batch);
                if (pause > 0) {
                    log.info("Document register writes again; the accepted marks that waited are written");
                    pause = 0;
                }
                batch.clear();
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                return;
            } catch (DataAccessException | TransactionException e) {
                pause = pause == 0 ? 1000 : Math.min(pause * 2, 60_000);
                log.warn("Cannot mark {} documents accepted in the register ({}); they are held in memory meanwhile,"
                        + " next attempt in {} ms", batch.size() + waiting.size(), e.getClass().getSimpleName(), pause);
                for (long until = System.currentTimeMillis() + pause; !stopped && System.currentTimeMillis() < until; ) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private void write(List<Mark> marks) {
        // rows locked in tracking id order, as the tracking store marks them (see TrackingStore#insert)
        List<Mark> inOrder = marks.stream().sorted(Comparator.comparing(Mark::trackingId)).toList();
        transaction.executeWithoutResult(status -> jdbc.batchUpdate(MARK, inOrder, inOrder.size(), (statement, mark) -> {
            statement.setString(1, mark.receivers());
            statement.setString(2, mark.trackingId());
        }));
        for (Mark mark : marks) {
            unwritten.remove(mark.trackingId(), mark.receivers());
            mark.written().complete(null);
        }
    }

    /** Writes the marks still waiting; later marks are written one by one as they come. */
    @Override
    public void destroy() throws InterruptedException {
        // no interrupt: an interrupted database write can close the database file's channel
        stopped = true;
        writer.join(10_000);
        if (writer.isAlive()) {
            log.warn("The accepted-marks writer did not stop; {} marks may stay pending", unwritten.size());
            return;
        }
        List<Mark> rest = new ArrayList<>(batch);
        waiting.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }
}
