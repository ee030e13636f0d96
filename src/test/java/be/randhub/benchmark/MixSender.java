package be.randhub.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import be.randhub.support.DeliveryCount;
import be.randhub.support.HubClient;

/**
 * Sends the benchmark's document mix as partners do, a third each over HTTP, JMS and the drop folders, with a
 * number of clients at once; the client of each document is chosen by its number (one hub, or hub instances in
 * turn).
 */
final class MixSender {

    private final DocumentMix mix;
    private final DeliveryCount deliveries;
    private final IntFunction<HubClient> clientFor;

    MixSender(DocumentMix mix, DeliveryCount deliveries, IntFunction<HubClient> clientFor) {
        this.mix = mix;
        this.deliveries = deliveries;
        this.clientFor = clientFor;
    }

    /** Referrals over HTTP (answerable later), then the mix over all three channels: every channel and type warmed. */
    void warmUp(int referrals, int documents) throws Exception {
        deliveries.reset();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < referrals; i++) {
            int number = i;
            sent.add(senders.submit(() -> {
                DocumentMix.Item referral = mix.referral();
                post(clientFor.apply(number), referral.partner(), referral.json());
                return null;
            }));
        }
        for (Future<?> future : sent) {
            future.get();
        }
        senders.shutdown();
        deliveries.awaitComplete(referrals, Duration.ofMinutes(10));
        deliveries.reset();
        Map<String, Integer> byChannel = sendOverAllChannels(documents, 8);
        deliveries.awaitComplete(documents, Duration.ofMinutes(10));
        awaitReceipts(byChannel);
        deliveries.verify(Duration.ofSeconds(30));
        System.out.println("[benchmark] warmed up: " + referrals + " referrals over HTTP, then " + documents + " documents over " + byChannel);
    }

    /** The mix over the three channels in turn, by {@code clients} senders at once; how many went which way. */
    Map<String, Integer> sendOverAllChannels(int count, int clients) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int thread = 0; thread < clients; thread++) {
            running.add(senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    DocumentMix.Item item = mix.next();
                    HubClient client = clientFor.apply(i / 3);
                    switch (i % 3) {
                        case 0 -> post(client, item.partner(), item.json());
                        case 1 -> client.streamDocument(item.partner(), item.json());
                        default -> drop(client, item);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        senders.shutdown();
        Map<String, Integer> byChannel = new LinkedHashMap<>();
        byChannel.put("http", (count + 2) / 3);
        byChannel.put("jms", (count + 1) / 3);
        byChannel.put("file", count / 3);
        return byChannel;
    }

    /** Every JMS message and dropped file got its receipt (HTTP's answer is its receipt). */
    void awaitReceipts(Map<String, Integer> byChannel) throws InterruptedException {
        deliveries.awaitReceipts("jms", byChannel.getOrDefault("jms", 0), Duration.ofMinutes(1));
        deliveries.awaitReceipts("file", byChannel.getOrDefault("file", 0), Duration.ofMinutes(1));
    }

    static void post(HubClient client, String partner, String document) {
        HubClient.Answer answer = client.post(partner, document);
        if (answer.status() != 202) {
            throw new IllegalStateException("refused: " + answer.body());
        }
    }

    static void drop(HubClient client, DocumentMix.Item item) {
        client.drop(item.partner(), UUID.randomUUID() + ".json", item.json());
    }
}
