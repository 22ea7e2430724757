package org.tidings.social;

import jakarta.validation.constraints.NotBlank;

/** A request that names another user: a friend request, a block, a group member to add. */
record UsernameBody(@NotBlank String username) {}
