#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace fd::core {

/**
 * Calls @p work(i) for every i in [0, count) on up to hardware_concurrency() threads, the calling
 * one included, and returns when all calls have. @p work must be safe to run concurrently for
 * different i: pure computation on data of its own (parsing bytes already read), never libgit2
 * objects or other shared state.
 */
template <typename Work> void parallelFor(std::size_t count, const Work& work) {
    const std::size_t threads = std::min<std::size_t>(
        count, std::max(1u, std::min(std::thread::hardware_concurrency(), 8u)));
    std::atomic<std::size_t> next{0};
    const auto run = [&] {
        for (std::size_t i = next++; i < count; i = next++)
            work(i);
    };
    std::vector<std::jthread> helpers;
    for (std::size_t t = 1; t < threads; ++t)
        helpers.emplace_back(run);
    run();
}

} // namespace fd::core
