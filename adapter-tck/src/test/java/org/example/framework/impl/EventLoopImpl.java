package org.example.framework.impl;

/** The framework's implementation, which its users never see. */
public final class EventLoopImpl {
    private EventLoopImpl() {
    }

    public static boolean onEventLoop() {
        return true;
    }
}
