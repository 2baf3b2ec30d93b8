package dev.lightpath.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The line protocol a script speaks to {@code appliance testbed}: a line it does not know is answered, not acted on. */
class TestbedCommandTest {
    @Test
    void aLineItDoesNotKnowIsAnErrorThatSaysWhatItTakes() throws Exception {
        assertEquals("error unknown command 'reboot' (loss, cc, nginx)", TestbedCommand.answer(null, "reboot"));
        assertEquals("error 'loss' takes 1 argument(s)", TestbedCommand.answer(null, "loss"));
        assertEquals("error 'nginx start CIDR ROOT CORE FOLDER' or 'nginx stop', not 'nginx restart'",
                TestbedCommand.answer(null, "nginx restart"));
    }
}
