package io.oidckit.bench.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.oidckit.bench.http.BenchApp;

/** The same handler at the three hello routes: no user argument, no annotation; protection comes from the rules. */
@Controller
@Requires(property = MicronautBenchApp.APP, value = "bench")
class HelloController {
    @Get(value = "/open/hello", produces = MediaType.TEXT_HTML)
    String open() {
        return BenchApp.BODY;
    }

    @Get(value = "/p/hello", produces = MediaType.TEXT_HTML)
    String protectedHello() {
        return BenchApp.BODY;
    }

    @Get(value = "/pub/hello", produces = MediaType.TEXT_HTML)
    String pub() {
        return BenchApp.BODY;
    }
}
