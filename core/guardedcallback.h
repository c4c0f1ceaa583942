#pragma once

#include "result.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace fd::core {

/** @p done, dropped once @p context is gone (unless there is no context at all). */
template <typename... Args>
std::function<void(Args...)> guardedCall(QObject* context, std::function<void(Args...)> done) {
    if (!context)
        return done;
    return [guard = QPointer<QObject>(context), done = std::move(done)](Args... arguments) {
        if (guard)
            done(std::move(arguments)...);
    };
}

/** guardedCall() for the callbacks of the asynchronous clients. */
template <typename T>
std::function<void(Result<T>)> guardedCallback(QObject* context,
                                               std::function<void(Result<T>)> done) {
    return guardedCall(context, std::move(done));
}

} // namespace fd::core
