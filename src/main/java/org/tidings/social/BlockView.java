package org.tidings.social;

import java.time.Instant;

record BlockView(UserRef user, Instant since) {}
