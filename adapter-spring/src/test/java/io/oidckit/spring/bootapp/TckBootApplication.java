package io.oidckit.spring.bootapp;

import io.oidckit.spring.tckapp.TckController;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The kit's app as a Spring Boot application: no oidckit code at all, only properties. */
@SpringBootApplication
@Import(TckController.class)
public class TckBootApplication {
}
