package be.randhub.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test against the whole hub as it runs: the embedded Artemis broker (partners connect over TCP), H2, the HTTP
 * server on a real port, the routes from {@code routes/}. All tests share one hub (and so one Spring context);
 * each works with its own documentIds and finds its deliveries by tracking id.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(HubTestConfiguration.class)
@ContextConfiguration(initializers = HubTestConfiguration.Settings.class)
public @interface HubTest {
}
