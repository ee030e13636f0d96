package be.randhub.api;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;

import be.randhub.broker.MessagingDescription;
import be.randhub.document.SchemaCatalog;
import be.randhub.security.HubRole;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The hub's APIs described from the code, for partners' developers: OpenAPI 3.1 at {@value #OPENAPI} (springdoc,
 * with Swagger UI at {@value #SWAGGER_UI}) and AsyncAPI 3 for the JMS side at {@value #ASYNCAPI}. Each operation
 * says which roles may call it (read from its {@code @PreAuthorize}) and which problem answers it may give; the
 * document bodies are the hub's own JSON Schemas, referred to where the hub serves them, never copied.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDescriptions {

    public static final String OPENAPI = "/v3/api-docs";
    public static final String SWAGGER_UI = "/swagger-ui.html";
    public static final String ASYNCAPI = "/v3/asyncapi.json";
    /** What the descriptions need to be read without logging in (they describe; they hold no data). */
    public static final String[] PUBLIC_PATHS = {OPENAPI, OPENAPI + "/**", "/swagger-ui/**", SWAGGER_UI, ASYNCAPI};

    private static final String PROBLEM = "Problem";
    private static final String BASIC = "basic";
    private static final Pattern ROLE = Pattern.compile("'([A-Z_]+)'");

    @Bean
    OpenAPI hubOpenApi() {
        Schema<?> problem = new ObjectSchema().description("RFC 9457 problem; errors[] lists each refusal with its JSON pointer")
                .addProperty("type", new StringSchema()).addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema()).addProperty("detail", new StringSchema())
                .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(new ObjectSchema()
                        .addProperty("pointer", new StringSchema()).addProperty("message", new StringSchema())));
        return new OpenAPI()
                .info(new Info().title("Rand Integration Hub").version("v1").description("""
                        Partners send referrals, status updates, feedback reports and meeting minutes; receivers read what \
                        is addressed to them. Every call signs in with HTTP Basic (the hub's own credentials). The JMS side \
                        is described in AsyncAPI at %s.""".formatted(ASYNCAPI)))
                .components(new Components().addSchemas(PROBLEM, problem)
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
    }

    /** Roles, problem answers and document bodies for every operation. */
    @Bean
    OperationCustomizer hubOperations(SchemaCatalog schemas) {
        return (operation, handler) -> {
            List<String> roles = roles(handler);
            operation.addExtension("x-roles", roles.isEmpty() ? List.of("any signed-in user") : roles);
            String who = roles.isEmpty() ? "Any signed-in user (the answer holds only what the caller may see)."
                    : "Roles: " + String.join(", ", roles) + ".";
            operation.setDescription(operation.getDescription() == null ? who : operation.getDescription() + "\n\n" + who);
            if (handler.getBeanType() == DocumentController.class && handler.getMethod().getName().equals("submit")) {
                operation.setRequestBody(documentBody(schemas));
            }
            problems(operation, handler);
            return operation;
        };
    }

    /** The roles of the method's or its class's {@code @PreAuthorize}, by their ids (partner, operator, ...). */
    static List<String> roles(HandlerMethod handler) {
        PreAuthorize rule = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PreAuthorize.class);
        if (rule == null) {
            rule = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
        }
        List<String> roles = new ArrayList<>();
        if (rule != null) {
            Matcher matcher = ROLE.matcher(rule.value());
            while (matcher.find()) {
                roles.add(HubRole.valueOf(matcher.group(1)).id());
            }
        }
        return roles;
    }

    /** A document as JSON: one of the type schemas the hub serves. */
    private static RequestBody documentBody(SchemaCatalog schemas) {
        Schema<Object> oneOf = new Schema<>();
        for (String name : schemas.publishedNames()) {
            if (!name.equals("envelope")) {
                oneOf.addOneOfItem(new Schema<>().$ref(SchemaController.PATH + "/" + name));
            }
        }
        return new RequestBody().required(true).description("The document, as one of the hub's JSON Schemas (served at "
                + SchemaController.PATH + ")").content(new Content().addMediaType(MediaType.APPLICATION_JSON_VALUE,
                        new io.swagger.v3.oas.models.media.MediaType().schema(oneOf)));
    }

    private static void problems(Operation operation, HandlerMethod handler) {
        Map<String, String> answers = new LinkedHashMap<>();
        Method method = handler.getMethod();
        boolean posts = AnnotatedElementUtils.hasAnnotation(method, org.springframework.web.bind.annotation.PostMapping.class);
        if (posts) {
            answers.put("400", "the request or the document is refused; errors[] says why");
        } else if (operation.getParameters() != null && operation.getParameters().stream().anyMatch(p -> "query".equals(p.getIn()))) {
            answers.put("400", "a query parameter is refused; detail says which and what it may be");
        }
        answers.put("401", "not signed in, a wrong password, or locked out (the same answer for each)");
        answers.put("403", "the caller's role may not use this operation");
        if (operation.getParameters() != null && operation.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()))) {
            answers.put("404", "nothing of this name the caller may see (the same answer whether or not it exists)");
        }
        if (handler.getBeanType() == DocumentController.class && posts) {
            answers.put("409", "the documentId was already used for other content");
            answers.put("413", "the document or its attachment is larger than the hub accepts");
            answers.put("415", "neither JSON nor multipart");
            answers.put("503", "the hub cannot take documents in right now (its broker or database); nothing was accepted: send it again later");
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        answers.forEach((status, description) -> responses.addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        new io.swagger.v3.oas.models.media.MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))));
        operation.setResponses(responses);
    }

    /** The AsyncAPI document, beside the OpenAPI one. */
    @RestController
    static class AsyncApiController {

        private final MessagingDescription messaging;

        AsyncApiController(MessagingDescription messaging) {
            this.messaging = messaging;
        }

        @GetMapping(value = ASYNCAPI, produces = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Object> asyncApi() {
            return messaging.asyncApi();
        }
    }
}
