#pragma once

#include "error.h"

#include <optional>
#include <utility>
#include <variant>

namespace fd::core {

/**
 * A value or an Error: the subset of std::expected<T, Error> Freightdesk uses. Our own because
 * clang 14 with libstdc++ 12 (the fuzzing toolchain) has no <expected>.
 */
template <typename T> class [[nodiscard]] Result final {
public:
    Result(const T& value)
        : m_state(std::in_place_index<0>, value) {}
    Result(T&& value)
        : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error)
        : m_state(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const { return m_state.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const& { return std::get<1>(m_state); }
    Error&& error() && { return std::get<1>(std::move(m_state)); }

private:
    std::variant<T, Error> m_state;
};

template <> class [[nodiscard]] Result<void> final {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error)) {}

    bool has_value() const { return !m_error.has_value(); }
    explicit operator bool() const { return has_value(); }
    const Error& error() const& { return *m_error; }
    Error&& error() && { return std::move(*m_error); }

private:
    std::optional<Error> m_error;
};

} // namespace fd::core
