#pragma once

#include "result.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace fd::core {

/** @p done, dropped once @p context is gone (unless there is no context at all). */
template <typename T>
std::function<void(Result<T>)> guardedCallback(QObject* context,
                                               std::function<void(Result<T>)> done) {
    if (!context)
        return done;
    return [guard = QPointer<QObject>(context), done = std::move(done)](Result<T> result) {
        if (guard)
            done(std::move(result));
    };
}

} // namespace fd::core
