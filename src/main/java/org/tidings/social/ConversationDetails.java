package org.tidings.social;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/** A conversation's summary fields plus its members, owner and admins first. */
record ConversationDetails(@JsonUnwrapped ConversationSummary summary, List<MemberView> members) {}
