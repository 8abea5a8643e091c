package io.oidckit.examples.spring;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisException;
import io.lettuce.core.resource.Delay;
import io.oidckit.servlet.ServletViews;
import io.oidckit.web.Outcome;
import io.oidckit.web.RelyingParty;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;

/**
 * Spring Session on Redis, active only when {@code REDIS_URL} is set ({@link SpringExampleApp} then sets
 * {@code spring.data.redis.url}; Boot's auto-configuration does the rest). What Boot does not do by itself:
 * <ul>
 *   <li>session values as plain JSON instead of Java serialization: the core only stores short strings, and
 *       Spring Session's own members are numbers;</li>
 *   <li>Spring Session's cookie gets the core's attributes ({@link RelyingParty#cookiePolicy()}): with Spring Session
 *       the container's session cookie settings, which the adapter sets, are not used;</li>
 *   <li>with Redis unreachable, requests fail at once instead of queueing in Lettuce until a timeout, Lettuce tries
 *       to reconnect at least every 2 seconds, and a request whose session cannot be read or written gets the core's
 *       503 page instead of Boot's 500.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.data.redis.url")
class RedisSessions {
    private static final System.Logger LOG = System.getLogger("io.oidckit.examples.spring");

    /** Spring Session looks the serializer up by this name. No default typing: strings and numbers only. */
    @Bean("springSessionDefaultRedisSerializer")
    RedisSerializer<Object> springSessionDefaultRedisSerializer() {
        return new GenericJacksonJsonRedisSerializer(JsonMapper.builder().build());
    }

    @Bean
    DefaultCookieSerializerCustomizer oidcCookie(RelyingParty rp) {
        return cookie -> {
            var policy = rp.cookiePolicy();
            cookie.setUseHttpOnlyCookie(policy.httpOnly());
            cookie.setUseSecureCookie(policy.secure());
            cookie.setSameSite(policy.sameSite());
            cookie.setCookiePath(policy.path());
            cookie.setDomainName(null);
        };
    }

    /**
     * Lettuce queues commands while it is disconnected (until the command timeout, a minute by default): a request
     * would hang instead of getting the 503 page at once.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /** Lettuce's default backoff grows to 30 s between reconnects; sessions should come back soon after Redis. */
    @Bean
    ClientResourcesBuilderCustomizer reconnectSoon() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /**
     * Outside Spring Session's filter (order {@code Integer.MIN_VALUE + 50}): a session that cannot be saved when
     * the response is committed, which happens in that filter, after oidckit's. One that cannot be read is the
     * core's to answer (OIDC601, the same 503 page).
     */
    @Bean
    FilterRegistrationBean<SessionStoreDown> sessionStoreDownOnSave(@Value("${demo.base-path:/}") String base) {
        FilterRegistrationBean<SessionStoreDown> registration = new FilterRegistrationBean<>(new SessionStoreDown(base));
        registration.setName("sessionStoreDownOnSave");
        registration.addUrlPatterns("/*");
        registration.setOrder(Integer.MIN_VALUE + 10);
        return registration;
    }

    /**
     * The core's 503 page when the session store failed (Redis down or unreachable): the request cannot be judged,
     * as when the provider is down. Any other failure goes on to Boot's error handling.
     */
    static final class SessionStoreDown extends OncePerRequestFilter {
        private final String base;

        SessionStoreDown(String base) {
            this.base = base;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                chain.doFilter(request, response);
            } catch (RuntimeException e) {
                if (!isStoreFailure(e) || response.isCommitted()) throw e;
                LOG.log(System.Logger.Level.WARNING, "the session store failed; answering 503: " + e);
                response.reset();
                ServletViews.render(response, Outcome.errorPage(503, base));
            }
        }

        /** Spring Data's exceptions (Lettuce's translated) or Lettuce's own, anywhere in the causes. */
        static boolean isStoreFailure(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof DataAccessException || t instanceof RedisException) return true;
            }
            return false;
        }
    }
}
