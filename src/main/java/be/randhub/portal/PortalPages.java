package be.randhub.portal;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The partner portal lives at /portal/ (static pages under src/main/resources/static/portal/). Its pages call
 * {@value #API}: the hub's own document and referral endpoints under a second path, behind the portal's session
 * login (see the security configuration), plus the few things only the portal needs ({@link PortalController}).
 */
@Configuration(proxyBeanMethods = false)
public class PortalPages implements WebMvcConfigurer {

    public static final String HOME = "/portal/";
    public static final String API = "/portal/api";
    /** The same controller as /api/v1/documents. */
    public static final String DOCUMENTS = API + "/documents";
    /** The same controller as /api/v1/schemas: the forms are generated from the schemas. */
    public static final String SCHEMAS = API + "/schemas";
    /** The same controller as /api/v1/referrals. */
    public static final String REFERRALS = API + "/referrals";
    /** The same controller as /api/v1/inbox. */
    public static final String INBOX = API + "/inbox";
    /** The same controller as /api/v1/attachments: the inbox's PDFs. */
    public static final String ATTACHMENTS = API + "/attachments";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/portal", HOME);
        registry.addViewController(HOME).setViewName("forward:/portal/index.html");
    }
}
