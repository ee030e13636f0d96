package be.randhub.api;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.PRIVACY_OFFICER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import be.randhub.broker.Queues;
import be.randhub.document.DocumentType;
import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Answer;
import be.randhub.support.HubTest;
import tools.jackson.databind.JsonNode;

/**
 * The API descriptions a partner's developer reads without signing in: every HTTP endpoint of the API in the
 * OpenAPI document, with roles that the hub really enforces and its problem answers; the document bodies as the
 * hub's own schemas; every queue the hub provisions in the AsyncAPI document, with who may use it.
 */
@HubTest
class ApiDescriptionTests {

    /** A principal of each role, to call an operation as someone its description does not name. */
    private static final Map<String, String> PRINCIPAL_OF_ROLE = Map.of("partner", KANAK, "agency", AGENCY,
            "learning-network", LEARNING_NETWORK, "operator", OPERATOR, "privacy-officer", PRIVACY_OFFICER);

    @Autowired
    HubClient hub;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    Queues queues;

    @Test
    void everyEndpointOfTheApiIsDescribedWithItsRolesAndProblemAnswers() {
        Answer answer = hub.get(null, ApiDescriptions.OPENAPI);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode openApi = answer.json();
        assertThat(openApi.path("openapi").asString()).startsWith("3.1");

        List<String> endpoints = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> info.getPathPatternsCondition().getPatternValues().stream()
                .filter(path -> path.startsWith("/api/")).forEach(path -> info.getMethodsCondition().getMethods()
                        .forEach(method -> endpoints.add(method.name().toLowerCase() + " " + path))));
        assertThat(endpoints).hasSizeGreaterThan(15);
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            JsonNode operation = openApi.path("paths").path(path).path(method);
            assertThat(operation.isObject()).as("%s in the OpenAPI document", endpoint).isTrue();
            assertThat(operation.path("responses").path("401").path("content").has("application/problem+json"))
                    .as("%s answers 401 as a problem", endpoint).isTrue();
            assertThat(operation.path("x-roles").isArray()).as("%s says who may call it", endpoint).isTrue();
        }
    }

    @Test
    void theRolesDescribedAreTheOnesTheHubEnforces() {
        JsonNode paths = hub.get(null, ApiDescriptions.OPENAPI).json().path("paths");
        int checked = 0;
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                Set<String> roles = Set.copyOf(paths.path(path).path(method).path("x-roles").valueStream().map(JsonNode::asString).toList());
                String outsider = PRINCIPAL_OF_ROLE.entrySet().stream().filter(role -> !roles.contains(role.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (roles.contains("any signed-in user") || outsider == null) {
                    continue;
                }
                String concrete = path.replaceAll("\\{[^}]+}", "x");
                // a well-formed (empty) JSON body: what is refused is the caller, not its request
                Answer answer = hub.send(outsider, HttpRequest.newBuilder(hub.uri(concrete)).header("Content-Type", "application/json")
                        .method(RequestMethod.valueOf(method.toUpperCase()).name(), HttpRequest.BodyPublishers.ofString("{}")));
                assertThat(answer.status()).as("%s %s as %s (described for %s)", method, path, outsider, roles).isEqualTo(403);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(8);
    }

    @Test
    void aDocumentIsDescribedByTheHubsOwnSchemasWhereTheHubServesThem() {
        JsonNode body = hub.get(null, ApiDescriptions.OPENAPI).json()
                .at("/paths/~1api~1v1~1documents/post/requestBody/content/application~1json/schema/oneOf");

        List<String> references = body.valueStream().map(schema -> schema.path("$ref").asString()).toList();
        assertThat(references).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(DocumentType.values()).map(type -> "/api/v1/schemas/" + type.id()).toList());
        for (String reference : references) {
            assertThat(hub.get(KANAK, reference).status()).as(reference).isEqualTo(200);
        }
    }

    @Test
    void everyQueueTheHubProvisionsIsInTheAsyncApiDocumentWithWhoMayUseIt() {
        Answer answer = hub.get(null, ApiDescriptions.ASYNCAPI);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode asyncApi = answer.json();
        assertThat(asyncApi.path("asyncapi").asString()).isEqualTo("3.0.0");

        Map<String, JsonNode> byAddress = new LinkedHashMap<>();
        asyncApi.path("channels").forEach(channel -> byAddress.put(channel.path("address").asString(), channel));
        assertThat(byAddress.keySet()).containsAll(queues.all());
        assertThat(names(byAddress.get(Queues.inbox(KANAK)).path("x-may-send"))).containsExactly(KANAK);
        assertThat(names(byAddress.get(Queues.inbox(KANAK)).path("x-may-consume"))).isEmpty();
        assertThat(names(byAddress.get(Queues.receipts(KANAK)).path("x-may-consume"))).containsExactly(KANAK);
        assertThat(names(byAddress.get(Queues.AGENCY_INBOX).path("x-may-consume"))).containsExactly(AGENCY);
        assertThat(names(byAddress.get(Queues.DELIVERY).path("x-may-consume"))).isEmpty();
        asyncApi.path("operations").forEach(operation -> assertThat(asyncApi.path("channels")
                .has(operation.path("channel").path("$ref").asString().substring("#/channels/".length()))).isTrue());
    }

    private static List<String> names(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
