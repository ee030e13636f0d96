package be.randhub.registry;

import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;

/**
 * Creates every registry entry's folders at start-up, so a partner finds its drop folder and its outbox (with
 * receipts) the first time it looks, and a receiver its outbox.
 */
@Component
class PartnerFolders {

    PartnerFolders(PartnerRegistry registry, DataDirectory data) {
        for (Partner partner : registry.all()) {
            DataDirectory.createDirectories(data.outbox(partner.id()));
            if (!partner.isReceiver()) {
                DataDirectory.createDirectories(data.inbox(partner.id()));
                DataDirectory.createDirectories(data.receipts(partner.id()));
            }
        }
    }
}
