package io.oidckit.examples.spring;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Boot application: oidckit comes from its auto-configuration; the only component is {@link DemoController}. */
@SpringBootApplication
public class DemoApplication {
}
