// Strong ids: an EntryId is not an AccountId is not a LoanId, and none is a plain integer.
//
//   EntryId e{42};
//   AccountId a{e.value};  // explicit, visible conversion only
#pragma once

#include <compare>
#include <cstdint>

namespace socai {

template <class Tag>
struct Id {
  std::int64_t value = 0;
  friend auto operator<=>(const Id&, const Id&) = default;
};

using EntryId = Id<struct EntryTag>;
using AccountId = Id<struct AccountTag>;
using LoanId = Id<struct LoanTag>;

}  // namespace socai
