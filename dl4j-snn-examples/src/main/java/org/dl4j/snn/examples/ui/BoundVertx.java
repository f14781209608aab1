package org.dl4j.snn.examples.ui;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A view of a Vert.x instance whose HTTP servers listen on one fixed host and port: every {@code listen(...)} of an
 * HTTP server it creates becomes {@code listen(port, host, handler)} on the real server.
 * Needed because Vert.x 3.9's {@code HttpServer.listen(int, Handler)}, which DL4J's {@code VertxUIServer.start}
 * calls, binds to {@code 0.0.0.0} whatever the server options say; everything else is passed through unchanged.
 *
 * <p>Both views are {@link Proxy}s implementing all interfaces of the real objects (so code that casts the Vert.x
 * instance to {@code VertxInternal} still works); a fluent method that returns the real server returns the view, so
 * a chain such as {@code createHttpServer().requestHandler(r).listen(port, h)} stays on the view.
 */
final class BoundVertx {

    private BoundVertx() {
    }

    /** {@code vertx} with every HTTP server it creates bound to {@code host}:{@code port} (0: a free port). */
    static Vertx bind(Vertx vertx, String host, int port) {
        return proxy(vertx, (self, method, args) -> {
            Object result = call(vertx, method, args);
            return result instanceof HttpServer server ? boundServer(server, host, port) : result;
        });
    }

    private static HttpServer boundServer(HttpServer server, String host, int port) {
        return proxy(server, new InvocationHandler() {
            @Override
            public Object invoke(Object self, Method method, Object[] args) throws Throwable {
                Object result;
                if (method.getName().equals("listen")) {
                    // Whatever port/host DL4J passes (9000, its port property, 0.0.0.0): ours win.
                    result = server.listen(port, host, listenHandler(args));
                } else {
                    result = call(server, method, args);
                }
                return result == server ? self : result;
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> Handler<T> listenHandler(Object[] args) {
        if (args != null && args.length > 0 && args[args.length - 1] instanceof Handler<?> h) {
            return (Handler<T>) h;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(T target, InvocationHandler handler) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            collectInterfaces(c, interfaces);
        }
        return (T) Proxy.newProxyInstance(target.getClass().getClassLoader(), interfaces.toArray(new Class<?>[0]),
                handler);
    }

    private static void collectInterfaces(Class<?> c, Set<Class<?>> out) {
        for (Class<?> i : c.getInterfaces()) {
            // A proxy can only implement interfaces it can see; Vert.x's own are all public.
            if (Modifier.isPublic(i.getModifiers()) && out.add(i)) {
                collectInterfaces(i, out);
            }
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
