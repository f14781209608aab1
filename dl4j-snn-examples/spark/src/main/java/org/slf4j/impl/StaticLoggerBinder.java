package org.slf4j.impl;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The slf4j 1.x binding class that Spark 3.3 asks for by name ({@code Logging.isLog4j2()} calls
 * {@code StaticLoggerBinder.getSingleton().getLoggerFactoryClassStr()}); slf4j 2, which this project uses with
 * logback, has none. It names the factory slf4j 2 actually uses, so Spark leaves log4j alone and logs through
 * logback like the rest of the application.
 */
public final class StaticLoggerBinder {
    private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();

    private StaticLoggerBinder() {
    }

    public static StaticLoggerBinder getSingleton() {
        return SINGLETON;
    }

    public ILoggerFactory getLoggerFactory() {
        return LoggerFactory.getILoggerFactory();
    }

    public String getLoggerFactoryClassStr() {
        return LoggerFactory.getILoggerFactory().getClass().getName();
    }
}
