package io.oidckit.spring.securityapp;

import io.oidckit.OidcUser;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot application that uses Spring Security for its own rules (a URL rule and method security) and oidckit for
 * sign-in, with no glue code: the oidckit user is Spring Security's {@code Authentication}. Sign-in is oidckit's, so
 * the app has no users of its own: it leaves out Boot's in-memory user with a generated password, as such an app
 * would (Boot logs that password at every start).
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableMethodSecurity
public class SecurityBootApplication {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) {
        http.authorizeHttpRequests(rules -> rules
                .requestMatchers("/security/url-admin").hasRole("admin")
                .anyRequest().permitAll());
        return http.build();
    }

    @RestController
    static class SecurityController {
        @GetMapping("/security/preauthorize")
        @PreAuthorize("hasRole('admin')")
        String preAuthorize(Authentication authentication) {
            return authentication.getName() + " " + authentication.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority).sorted().toList();
        }

        @GetMapping("/security/url-admin")
        String urlAdmin() {
            return "url admin";
        }

        @GetMapping("/security/principal")
        String principal(@AuthenticationPrincipal @Nullable OidcUser user) {
            return user == null ? "anonymous" : "principal " + user.subject();
        }

        /** Below api/**, which the kit's rules open to bearer tokens. */
        @GetMapping("/api/security/preauthorize")
        @PreAuthorize("hasRole('admin')")
        String bearerPreAuthorize(Authentication authentication) {
            return preAuthorize(authentication);
        }

        @GetMapping("/security/argument")
        String argument(OidcUser user) {
            return "argument " + user.subject();
        }
    }
}
