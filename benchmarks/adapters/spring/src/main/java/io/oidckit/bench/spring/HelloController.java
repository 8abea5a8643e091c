package io.oidckit.bench.spring;

import io.oidckit.bench.http.BenchApp;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The one handler behind every hello route, in both Spring apps: no user argument, no annotation. */
@RestController
public class HelloController {
    @GetMapping(value = {"/open/hello", "/p/hello", "/pub/hello"}, produces = "text/html;charset=UTF-8")
    public String hello() {
        return BenchApp.BODY;
    }
}
