package be.randhub.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.jms.JMSException;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A standalone Artemis broker the hub connects to instead of running its own ({@code hub.broker.mode=external},
 * the {@code external-broker} profile). At start-up, before any route connects, the hub provisions on it what it
 * would configure on an embedded broker ({@link BrokerLayout}): address settings, security settings and queues,
 * through the broker's management address. The broker keeps them in its journal; provisioning again (every start)
 * changes nothing that is already right, and a partner added to the registry gets its queues and rights.
 * <p>
 * The broker's own users are its business: the hub's user needs the broker's admin role for this (see the README),
 * and each partner's JMS login is a broker user whose role is the partner's registry id.
 */
@Component
@ConditionalOnProperty(name = "hub.broker.mode", havingValue = "external")
public class ExternalBroker {

    private static final Logger log = LoggerFactory.getLogger(ExternalBroker.class);

    public ExternalBroker(BrokerProperties properties, BrokerLayout layout, be.randhub.security.InternalBrokerUser user)
            throws JMSException {
        Map<String, AddressSettings> addressSettings = layout.addressSettings();
        Map<String, Set<Role>> security = layout.security();
        List<QueueConfiguration> queues = layout.queues();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(properties.url(), user.user(), user.password());
        try (factory) {
            BrokerManagement.over(factory, management -> {
                for (Map.Entry<String, AddressSettings> setting : addressSettings.entrySet()) {
                    management.invoke(ResourceNames.BROKER, "addAddressSettings", setting.getKey(), setting.getValue().toJSON());
                }
                for (Map.Entry<String, Set<Role>> setting : security.entrySet()) {
                    // who may make which management request is the broker's own configuration (its broker.xml, as
                    // docker/artemis/standalone-broker writes it): Artemis 2.40 applies view and edit rights added
                    // through management only after a restart, and replacing those it has would lock the hub out
                    if (!BrokerSecurity.isManagementRight(setting.getKey())) {
                        management.invoke(ResourceNames.BROKER, "addSecuritySettings", securityArguments(setting.getKey(), setting.getValue()));
                    }
                }
                for (QueueConfiguration queue : queues) {
                    management.invoke(ResourceNames.BROKER, "createQueue", QueueConfiguration.of(queue).setAutoCreateAddress(true).toJSON(), true);
                }
                return null;
            });
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot provision the external broker at " + properties.urlForLogs() + " as user '"
                    + user.user() + "' (it needs the broker's admin role): " + e.getMessage(), e);
        }
        log.info("External broker {} provisioned: {} queues, {} address settings, {} security settings", properties.urlForLogs(),
                queues.size(), addressSettings.size(), security.size());
    }

    /** addSecuritySettings(match, send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue,
     *  deleteNonDurableQueue, manage, browse, createAddress, deleteAddress, view, edit): comma-separated roles. */
    private static Object[] securityArguments(String match, Set<Role> roles) {
        List<Predicate<Role>> permissions = List.of(Role::isSend, Role::isConsume, Role::isCreateDurableQueue,
                Role::isDeleteDurableQueue, Role::isCreateNonDurableQueue, Role::isDeleteNonDurableQueue, Role::isManage,
                Role::isBrowse, Role::isCreateAddress, Role::isDeleteAddress, Role::isView, Role::isEdit);
        List<Object> arguments = new ArrayList<>(List.of(match));
        for (Predicate<Role> permission : permissions) {
            arguments.add(String.join(",", roles.stream().filter(permission).map(Role::getName).sorted().toList()));
        }
        return arguments.toArray();
    }
}
