#pragma once

// Type traits shared by the field visitors of the JSON reader, the JSON writer and the
// .archsim attribute codec.

#include <optional>
#include <type_traits>
#include <vector>

namespace archsim::model::detail {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

} // namespace archsim::model::detail
