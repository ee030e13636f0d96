package be.randhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.artemis.autoconfigure.ArtemisAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Rand Integration Hub: takes partner documents in by file drop, HTTP and JMS, checks them and moves them
 * through Artemis queues to the agency, the learning network and the partners a referral concerns.
 * <p>
 * Boot's own Artemis auto-configuration is switched off: the hub builds its broker (embedded, secured by the
 * partner registry) and its pooled connection factory itself, see {@link be.randhub.broker}.
 */
@SpringBootApplication(exclude = ArtemisAutoConfiguration.class)
@ConfigurationPropertiesScan
public class RandHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(RandHubApplication.class, args);
    }
}
