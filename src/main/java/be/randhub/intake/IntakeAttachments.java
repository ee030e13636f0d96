package be.randhub.intake;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import be.randhub.attachment.AttachmentStore;
import be.randhub.document.HubHeaders;

/** Puts an accepted document's checked PDF into the claim-check store before the document is published. */
@Component("intakeAttachments")
public class IntakeAttachments {

    private final AttachmentStore store;

    public IntakeAttachments(AttachmentStore store) {
        this.store = store;
    }

    public void keep(Exchange exchange) {
        AttachmentStore.Inspection inspection = exchange.getProperty(HubHeaders.ATTACHMENT, AttachmentStore.Inspection.class);
        if (inspection != null) {
            store.keep(inspection);
        }
    }
}
