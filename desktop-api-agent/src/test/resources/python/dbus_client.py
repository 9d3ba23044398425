"""A desktop client of the D-Bus Skype API in Python, through dbus-python and a GLib main loop,
making the calls Skype4Py's D-Bus transport makes: Invoke on com.Skype.API /com/Skype without
an interface name, and a /com/Skype/Client object whose Notify(s) receives the notifications.
Prints '> command', '< reply' and, at the end, '~ notification' lines. Argument: bus address."""
import sys
import threading

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

DBusGMainLoop(set_as_default=True)
bus = dbus.bus.BusConnection(sys.argv[1])
notifications = []
echoed = threading.Event()


class Client(dbus.service.Object):
    def __init__(self, connection):
        dbus.service.Object.__init__(self, connection, '/com/Skype/Client')

    @dbus.service.method(dbus_interface='com.Skype.API.Client')
    def Notify(self, line):
        notifications.append(str(line))
        if str(line).endswith('STATUS RECEIVED'):
            echoed.set()


client = Client(bus)
skype = bus.get_object('com.Skype.API', '/com/Skype')
threading.Thread(target=GLib.MainLoop().run, daemon=True).start()
for number, command in enumerate(['NAME Skype4Py', 'PROTOCOL 5', 'SEARCH FRIENDS',
                                  'MESSAGE echo123 hi from dbus-python']):
    tag = '#%d ' % number
    reply = str(skype.Invoke(tag + command))
    print('> ' + command)
    print('< ' + (reply[len(tag):] if reply.startswith(tag) else '(not the reply: %r)' % reply))
if not echoed.wait(30):
    print('! no echo within 30 s')
for line in notifications:
    print('~ ' + line)
