"""A desktop client of the X11 Skype API in Python, through Xlib with ctypes, sending and
reading ClientMessages the way Skype4Py's X11 transport does (a window of its own, the Skype
window from the root's _SKYPE_INSTANCE, 20-byte pieces ending at a NUL). Prints '> command',
'< reply' and '~ notification' lines as they come. Argument: the X display."""
import ctypes
import ctypes.util
import sys
from ctypes import POINTER, Structure, Union, byref, c_char, c_char_p, c_int, c_long, c_uint
from ctypes import c_ulong, c_void_p

CLIENT_MESSAGE = 33
XA_WINDOW = 33
x = ctypes.cdll.LoadLibrary(ctypes.util.find_library('X11'))


class XClientMessageEvent(Structure):
    # 64-bit layout: the data union is aligned like a long, hence the padding int
    _fields_ = [('type', c_int), ('serial', c_ulong), ('send_event', c_int),
                ('display', c_void_p), ('window', c_ulong), ('message_type', c_ulong),
                ('format', c_int), ('pad', c_int), ('data', c_char * 20)]


class XEvent(Union):
    _fields_ = [('type', c_int), ('xclient', XClientMessageEvent), ('pad', c_long * 24)]


x.XOpenDisplay.restype = c_void_p
x.XOpenDisplay.argtypes = [c_char_p]
x.XDefaultRootWindow.restype = c_ulong
x.XDefaultRootWindow.argtypes = [c_void_p]
x.XCreateSimpleWindow.restype = c_ulong
x.XCreateSimpleWindow.argtypes = [c_void_p, c_ulong, c_int, c_int, c_uint, c_uint, c_uint,
                                  c_ulong, c_ulong]
x.XInternAtom.restype = c_ulong
x.XInternAtom.argtypes = [c_void_p, c_char_p, c_int]
x.XGetWindowProperty.argtypes = [c_void_p, c_ulong, c_ulong, c_long, c_long, c_int, c_ulong,
                                 POINTER(c_ulong), POINTER(c_int), POINTER(c_ulong),
                                 POINTER(c_ulong), POINTER(POINTER(c_ulong))]
x.XSendEvent.argtypes = [c_void_p, c_ulong, c_int, c_long, POINTER(XEvent)]
x.XNextEvent.argtypes = [c_void_p, POINTER(XEvent)]
x.XFlush.argtypes = [c_void_p]

display = x.XOpenDisplay(sys.argv[1].encode())
root = x.XDefaultRootWindow(display)
own = x.XCreateSimpleWindow(display, root, 100, 100, 100, 100, 1, 0, 0)
instance = x.XInternAtom(display, b'_SKYPE_INSTANCE', 1)
kind, fmt, count, after = c_ulong(), c_int(), c_ulong(), c_ulong()
value = POINTER(c_ulong)()
x.XGetWindowProperty(display, root, instance, 0, 1, 0, XA_WINDOW, byref(kind), byref(fmt),
                     byref(count), byref(after), byref(value))
skype = value.contents.value
begin = x.XInternAtom(display, b'SKYPECONTROLAPI_MESSAGE_BEGIN', 0)
more = x.XInternAtom(display, b'SKYPECONTROLAPI_MESSAGE', 0)


def send(line):
    event = XEvent()
    event.xclient.type = CLIENT_MESSAGE
    event.xclient.display = display
    event.xclient.window = own
    event.xclient.message_type = begin
    event.xclient.format = 8
    raw = line.encode('utf-8') + b'\0'
    for start in range(0, len(raw), 20):
        event.xclient.data = raw[start:start + 20]
        x.XSendEvent(display, skype, 0, 0, byref(event))
        event.xclient.message_type = more
    x.XFlush(display)


def received():
    event, data = XEvent(), b''
    while True:
        x.XNextEvent(display, byref(event))
        if event.type != CLIENT_MESSAGE or event.xclient.format != 8:
            continue
        piece = event.xclient.data  # up to the first NUL
        data = piece if event.xclient.message_type == begin else data + piece
        if len(piece) != 20:
            yield data.decode('utf-8')
            data = b''


lines = received()


def call(number, command):
    tag = '#%d ' % number
    print('> ' + command)
    send(tag + command)
    for _ in range(1000):
        line = next(lines)
        if line.startswith(tag):
            print('< ' + line[len(tag):])
            return
        print('~ ' + line)


call(0, 'NAME Skype4Py')
call(1, 'PROTOCOL 5')
call(2, 'SEARCH FRIENDS')
call(3, 'MESSAGE echo123 Grüße über X11, more than twenty bytes 🙂')
for _ in range(100):
    line = next(lines)
    print('~ ' + line)
    if line.endswith('STATUS RECEIVED'):
        call(4, 'GET CHATMESSAGE %s BODY' % line.split()[1])
        break
